"""Rendering: graph layout engines, diagrams and the site."""
