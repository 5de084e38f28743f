/* Entry point on the card (start.S calls it); the host tests drive
 * fw_boot() and fw_poll() themselves. */
#include "fw.h"

int main(void);

int main(void)
{
	fw_boot();
	for (;;)
		fw_poll();
}
