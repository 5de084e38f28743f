# host/: the daemon's parts, one folder each, each with its own module.mk.
include $(sort $(wildcard host/*/module.mk))
