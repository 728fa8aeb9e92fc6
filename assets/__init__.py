"""Assets of the game window: the pygame_gui theme and the script that makes its sounds (package data)."""
