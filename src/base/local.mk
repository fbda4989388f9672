# src/base: logging and seeded randomness: what every other folder may use.
libmotiflift_la_SOURCES += \
	src/base/log.c \
	src/base/rng.c \
	src/base/log.h \
	src/base/rng.h
