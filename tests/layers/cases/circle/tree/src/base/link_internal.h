/* a.c and link.c include it: a -> link -> a */
