/* src/extra is no layer */
