"""What the command line does beyond build and serve: new, diff, correct, withdraw, check."""
