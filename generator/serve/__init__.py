"""privgen serve: the live server that rebuilds on save."""
