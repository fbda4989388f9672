# src/cli: the program: dispatch, option parsing, one cmd_<name>.c per command (parse, check, call the library).
motiflift_SOURCES = \
	src/cli/cli.c \
	src/cli/cmd_discover.c \
	src/cli/cmd_evaluate.c \
	src/cli/cmd_explain.c \
	src/cli/cmd_info.c \
	src/cli/cmd_merge.c \
	src/cli/cmd_normalize.c \
	src/cli/cmd_predict.c \
	src/cli/cmd_scan.c \
	src/cli/cmd_score.c \
	src/cli/cmd_seq.c \
	src/cli/cmd_shuffle.c \
	src/cli/cmd_simulate.c \
	src/cli/cmd_train.c \
	src/cli/model_opt.c \
	src/cli/motiflift.c \
	src/cli/opt.c \
	src/cli/cli.h \
	src/cli/commands.h \
	src/cli/model_opt.h \
	src/cli/opt.h
# compare (issue 17)
motiflift_SOURCES += src/cli/cmd_compare.c
