"""Text templates of the dataset stage (a package only so wheels ship them)."""
