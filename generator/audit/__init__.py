"""privgen audit: does the live website do what its statement says?"""
