# src/base: logging, progress and seeded randomness: what every other folder may use.
libmotiflift_la_SOURCES += \
	src/base/log.c \
	src/base/progress.c \
	src/base/rng.c \
	src/base/log.h \
	src/base/progress.h \
	src/base/rng.h
