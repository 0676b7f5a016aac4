"""Reading a package: the workbook map, sheets as grids (calamine, or the streaming
reader), shared strings and the styles that mark percentages and dates."""
