/*
 * The configuration sections pnsd registers (see pnsd_config.h).
 */
#include "pnsd_config.h"
#include "cli/config_aaa.h"
#include "cli/config_access.h"
#include "cli/config_logging.h"
#include "cli/config_ops.h"
#include "common/config.h"
#include "pptp/pptp_config.h"

int pnsd_cfg_register_all(void)
{
	if (cfg_core_register() < 0 || vpdn_cfg_register() < 0 || acc_cfg_register() < 0 ||
	    aaa_cfg_register() < 0 ||
	    cfg_section_register(&eng_cfg_section) < 0 || cfg_section_register(&log_cfg_section) < 0 ||
	    cfg_section_register(&ios_cfg_section) < 0)
		return -1;
	return 0;
}
