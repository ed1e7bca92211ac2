# Turn the file IN into OUT: every byte of IN, then a closing 0, as the
# body of a C array initializer (see src/base/embed.h for its use).
#
# Bytes, not lines of text: file(STRINGS) splits a line at any byte outside
# ASCII, joins a line that ends in a backslash to the next, drops carriage
# returns and ends the last line with a newline it did not have; a string
# literal would also turn "??=" into a trigraph under -std=c11 and, past
# 4095 bytes, trip -Woverlength-strings. An embedded page asset must reach
# the page as it is in the file, byte for byte.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "(..)" "0x\\1," bytes "${hex}")
# Twelve bytes a line keeps the generated file readable in a diff.
set(row "")
foreach(i RANGE 1 12)
  string(APPEND row "0x..,")
endforeach()
string(REGEX REPLACE "(${row})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp"
  "/* generated from ${IN} by cmake/embed.cmake: do not edit */\n"
  "${bytes}0x00\n")
file(RENAME "${OUT}.tmp" "${OUT}")
