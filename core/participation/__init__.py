"""Getting the right people into a dialogue: categories, registration, review, withdrawal."""
