/* commands.h: every subcommand's entry point; the table lives in motiflift.c. */
#ifndef MF_COMMANDS_H
#define MF_COMMANDS_H

/* Each is called with argv[0] = the command name; returns the process exit code. */
int main_seq(int argc, char **argv);
/* model helper (issue 4) */
int main_predict(int argc, char **argv);
int main_evaluate(int argc, char **argv);
int main_info(int argc, char **argv);
int main_normalize(int argc, char **argv);
int main_shuffle(int argc, char **argv);
int main_scan(int argc, char **argv);
int main_explain(int argc, char **argv);

/* simulate (cmd_simulate.c) */
int main_simulate(int argc, char **argv);

/* score (cmd_score.c) */
int main_score(int argc, char **argv);
/* train helper (issue 5) */
int main_train(int argc, char **argv);

/* merge (cmd_merge.c, issue 9) */
int main_merge(int argc, char **argv);

/* discover (cmd_discover.c, issue 16) */
int main_discover(int argc, char **argv);
/* compare (cmd_compare.c, issue 17) */
int main_compare(int argc, char **argv);

#endif
