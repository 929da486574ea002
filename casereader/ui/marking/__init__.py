"""The inspector's marking app: case list, guided form, session, start page and the windows around them."""
