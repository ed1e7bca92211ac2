#include "agentdup/b.h"
#include "agentdup/a.h"
