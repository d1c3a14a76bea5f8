// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom devices [ID] [--gmch HEX]`: the device table, one ID, or a GMCH decode. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "igd/devices.h"

static const char devices_usage[] =
	"Usage: igdrom devices [--json] [ID [--gmch HEX]]\n"
	"\n"
	"Without ID: every Intel IGD device ID igdrom knows (from Linux pciids.h) with platform,\n"
	"generation and BDSM layout.  With ID: that device; --gmch decodes a GMCH/GGC value into\n"
	"stolen-memory (GMS) and GTT stolen (GGMS) sizes for it.  --json: the same as JSON.\n";

static const char *layout(const igd_platform *p)
{
	return p->bdsm == IGD_BDSM_BDSM64 ? "BDSM 64-bit 0xC0" : p->bdsm == IGD_BDSM_BDSM32 ? "BDSM 0x5C" : "no BDSM";
}

static const char *bdsm_json(const igd_platform *p)
{
	return p->bdsm == IGD_BDSM_BDSM64 ? "\"0xC0\"" : p->bdsm == IGD_BDSM_BDSM32 ? "\"0x5C\"" : "null";
}

static void device_json(uint16_t id, const igd_platform *p)
{
	printf("{\"id\":\"%04X\",\"platform\":", id);
	json_str(p->name);
	printf(",\"linux_ids\":\"INTEL_%s_IDS\",\"gen\":%u,\"bdsm\":%s,\"opregion\":%s", p->macro, p->gen,
	       bdsm_json(p), p->opregion ? "true" : "false");
}

static int run_devices(int argc, char **argv)
{
	static const struct option longopts[] = { { "gmch", required_argument, NULL, 'g' },
						   { "json", no_argument, NULL, 'j' },
						   { NULL, 0, NULL, 0 } };
	uint64_t id, gmch = 0;
	bool have_gmch = false, json = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'g' && cli_parse_uint(optarg, 16, 0xFFFF, &gmch))
			have_gmch = true;
		else if (c == 'j')
			json = true;
		else
			return cli_bad_option(&cmd_devices, argv, "--gmch takes a hex GGC word");
	}
	if (optind == argc) {
		if (have_gmch)
			return cli_usage(&cmd_devices, "devices: --gmch needs an ID");
		if (json)
			printf("[");
		for (size_t i = 0; i < igd_device_count; i++) {
			const igd_platform *p = &igd_platforms[igd_devices[i].platform];
			if (json) {
				printf("%s", i ? "," : "");
				device_json(igd_devices[i].id, p);
				printf("}");
			} else {
				printf("%04x  %-22s gen %-2u %s\n", igd_devices[i].id, p->name, p->gen, layout(p));
			}
		}
		if (json)
			printf("]\n");
		return EXIT_OK;
	}
	uint16_t id16 = 0;
	if (optind + 1 != argc || !cli_parse_device_id(argv[optind], &id16))
		return cli_usage(&cmd_devices, "devices: expected one hex device ID (or 8086:ID)");
	id = id16;
	const igd_platform *p = igd_lookup((uint16_t)id);
	if (!p)
		return cli_error(EXIT_RUNTIME, "devices: 8086:%04x is not an Intel IGD in Linux's list", (unsigned)id);
	uint64_t dsm = 0, gtt = 0;
	if (have_gmch) {
		igd_ggms_size(p, (uint32_t)gmch, &gtt);
		if (igd_gms_size(p, (uint32_t)gmch, &dsm) != IGD_OK)
			return cli_error(EXIT_RUNTIME, "devices: GMCH 0x%04x: GMS 0x%x is undefined for %s",
					 (unsigned)gmch, igd_gms_field(p, (uint32_t)gmch), p->name);
	}
	if (json) {
		device_json((uint16_t)id, p);
		if (have_gmch)
			printf(",\"gmch\":\"0x%04X\",\"gms\":%u,\"stolen_bytes\":%llu,\"gtt_stolen_bytes\":%llu",
			       (unsigned)gmch, igd_gms_field(p, (uint32_t)gmch), (unsigned long long)dsm,
			       (unsigned long long)gtt);
		printf("}\n");
		return EXIT_OK;
	}
	printf("8086:%04x  %s (Linux INTEL_%s_IDS), gen %u, %s\n", (unsigned)id, p->name, p->macro, p->gen,
	       layout(p));
	if (have_gmch)
		printf("GMCH 0x%04x: GMS 0x%x = %llu MiB stolen, GTT stolen %llu MiB\n", (unsigned)gmch,
		       igd_gms_field(p, (uint32_t)gmch), (unsigned long long)(dsm >> 20), (unsigned long long)(gtt >> 20));
	return EXIT_OK;
}

const struct command cmd_devices = {
	.name = "devices",
	.summary = "list known IGD device IDs, look one up, decode a GMCH value",
	.usage = devices_usage,
	.run = run_devices,
};
