#include "agentdup/lib.h"
#include "lib_internal.h"
