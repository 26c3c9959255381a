"""Early warning: indicators off target or projected to miss, units late or missing."""
