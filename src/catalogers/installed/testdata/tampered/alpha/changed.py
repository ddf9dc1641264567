ORIGINAL = False  # patched
