# Checks of the tree as a whole (make lint, and so make check).

# Exported C functions that nothing uses (issue 19 step 5): a function
# defined without static whose name stands nowhere but its definition and
# prototypes fails the lint (mk/unused_exports.py; under a second of CPU).
# `python3 mk/unused_exports.py --local` also lists those used only in their
# own file, which could be static.
.PHONY: lint-exports
lint-exports:
	@python3 mk/unused_exports.py .
LINT_TARGETS += lint-exports
