"""Adding a month column: the column insert and every reference it moves, in every part."""
