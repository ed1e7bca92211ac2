#include "agentdup/c.h"
