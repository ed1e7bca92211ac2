#include "agentdup/low.h"
#include "mid/high_internal.h"
