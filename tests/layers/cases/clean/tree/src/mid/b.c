#include "agentdup/b.h"
#include "mid/b_internal.h"
#include "words.inc"
