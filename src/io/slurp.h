/* slurp.h: a whole (small) file in memory: a model's architecture JSON, an ONNX protobuf. */
#ifndef MF_SLURP_H
#define MF_SLURP_H

#include <stddef.h>

/* The bytes of path with a '\0' after them (the caller frees); *len (when len is not NULL)
   their number. NULL, with one line naming the file and the problem, when it cannot be
   opened or read or memory runs out. */
char *mf_slurp(const char *path, size_t *len);

#endif
