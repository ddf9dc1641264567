import os  # dropped in later
