"""Writing the site: the only writer of the output folder, with its guards, staging and build lock."""
