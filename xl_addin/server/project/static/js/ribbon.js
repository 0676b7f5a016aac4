// Replaced by static/js/main.js: the ribbon buttons are associated there.
