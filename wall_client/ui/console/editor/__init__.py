"""The console's layout editor: grid, property form and the window that saves and exports."""
