#include <stdio.h>
int main(void)
{
	puts("agentdup");
	return 0;
}
