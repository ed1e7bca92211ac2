#include "agentdup/a.h"
