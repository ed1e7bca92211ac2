#include "agentdup/high.h"
#include "high_internal.h"
