#include "agentdup/c.h"
#include "agentdup/a.h"
