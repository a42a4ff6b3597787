// SPDX-License-Identifier: GPL-2.0-only
/*
 * phy_bench: measurements for the PSE/phylib series, not for upstream.
 *
 * Dropped into drivers/net/phy/ of the base and of the series tree by
 * scripts/bench-uml.sh (with bench/phy_bench.Kconfig and a Makefile line),
 * built for UML and run as the KUnit suite "phy_bench". It prints its
 * numbers as lines
 *	PHYBENCH <what> key=value ...
 * which the host side collects; the KUnit verdict says whether the setup
 * behaved (every PHY attached and detached, no registration failed).
 *
 * p4  phy_device_register() + phy_device_remove() of a PHY without "pses",
 *     (a) with a device tree node, (b) without a firmware node. Every pair
 *     is timed with ktime (phy_device_create()/free() are not timed); a
 *     sample is the sum of a batch of pairs, because the UML clock counts
 *     in 256 ns steps; the kinds alternate in blocks of samples; median
 *     and percentiles per kind, in ns per pair. Compiles and runs on the
 *     base and on the series: the host compares the two.
 *
 * p3  attach and detach latency against the number of PHYs with "pses"
 *     (series only). N PHYs with "pses" (one line each of one PSE
 *     controller with N lines) sit on odd addresses of ceil(N/16) software
 *     MDIO buses of 32 PHYs, the other addresses hold PHYs without "pses".
 *     The nodes are built at run time with an of_changeset. The buses are
 *     registered first, then the controller driver is bound and unbound
 *     p3_reps times:
 *	register: from pse_controller_register() until PSE_REGISTERED has
 *		  been handled by phylib (every PHY attached), and the part of
 *		  it spent in the notifier chain (the attach walk)
 *	unregister: from the unbind until PSE_UNREGISTERED has been handled
 *		  (every PHY detached), the part in the notifier chain, and
 *		  the whole unbind including the controller teardown.
 *     Priority INT_MAX and INT_MIN notifiers around phylib's bracket the
 *     walk. On the base (no PSE notifier) the case registers the first bus
 *     with the controller absent and reports the error the MDIO bus
 *     registration fails with.
 *
 * p3c the same PHYs, the controller bound first: registration and removal
 *     of all MDIO buses, each PHY with "pses" getting and dropping its PSE
 *     control on the way (fwnode_mdio on the base, phylib on the series).
 *     Runs on both: the host compares them.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/mii.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/of.h>
#include <linux/of_mdio.h>
#include <linux/of_platform.h>
#include <linux/phy.h>
#include <linux/platform_device.h>
#include <linux/pse-pd/pse.h>
#include <linux/regulator/machine.h>
#include <linux/slab.h>
#include <linux/sort.h>

#define PB_PHY_ID		0x0000ff00
#define PB_PSE_PER_BUS		16
/* How long a bind or a bus registration may take to settle */
#define PB_SETTLE_NS		(5 * NSEC_PER_SEC)
#define PB_PHANDLE_BASE		0x5e000000
#define PB_MAX_SIZES		8

/*
 * p4: register+remove pairs per kind, pairs per sample, samples per block,
 * warm-up pairs per kind. The UML clock source counts in steps of 256 ns,
 * a few percent of one pair: a sample is the sum of the individually timed
 * pairs of a batch, the quantisation errors average out.
 */
/* An unsigned int module parameter, read-only in sysfs */
#define PB_PARAM(name, val)				\
	static unsigned int name = val;			\
	module_param(name, uint, 0444)

PB_PARAM(p4_iters, 100000);
PB_PARAM(p4_batch, 20);
PB_PARAM(p4_block, 10);
PB_PARAM(p4_warmup, 2000);

/* p3: numbers of PHYs with "pses", and bind/unbind cycles per size */
static unsigned int p3_sizes[PB_MAX_SIZES] = { 1, 16, 256, 1024 };
static unsigned int p3_nsizes = 4;
module_param_array_named(p3_sizes, p3_sizes, uint, &p3_nsizes, 0444);
PB_PARAM(p3_reps, 5);

/* p5: how long an op of the slow controller sleeps, and rounds */
PB_PARAM(p5_slow_ms, 2000);
PB_PARAM(p5_reps, 3);

/* ------------------------------------------------------------------ */
/* Software MDIO bus answering the PHY ID registers at every address   */

static int pb_mdio_read(struct mii_bus *mii, int addr, int regnum)
{
	switch (regnum) {
	case MII_PHYSID1:
		return PB_PHY_ID >> 16;
	case MII_PHYSID2:
		return PB_PHY_ID & 0xffff;
	default:
		return 0;
	}
}

static int pb_mdio_write(struct mii_bus *mii, int addr, int regnum, u16 val)
{
	return 0;
}

static atomic_t pb_bus_seq = ATOMIC_INIT(0);

static struct mii_bus *pb_bus_alloc(void)
{
	struct mii_bus *mii = mdiobus_alloc();

	if (!mii)
		return NULL;
	mii->name = "phy-bench-mdio";
	snprintf(mii->id, MII_BUS_ID_SIZE, "phy-bench-%d",
		 atomic_inc_return(&pb_bus_seq));
	mii->read = pb_mdio_read;
	mii->write = pb_mdio_write;
	mii->phy_mask = ~0;
	return mii;
}

/* ------------------------------------------------------------------ */
/* Statistics                                                          */

static int pb_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Sorts @v; the p-th percentile (nearest rank) */
static u32 pb_pct(const u32 *v, unsigned int n, unsigned int p)
{
	unsigned int i = (n * p + 99) / 100;

	return n ? v[i ? i - 1 : 0] : 0;
}

/* Prints the distribution of @v (sorted in place), each value divided by @div */
static void pb_report(struct kunit *test, const char *what, u32 *v,
		      unsigned int n, unsigned int div)
{
	u64 sum = 0;
	unsigned int i, m = 0;

	sort(v, n, sizeof(*v), pb_cmp_u32, NULL);
	/* Mean of the samples up to the 90th percentile: preemptions cut off */
	for (i = 0; i < n && v[i] <= pb_pct(v, n, 90); i++, m++)
		sum += v[i];
	pr_info("PHYBENCH what=%s n=%u median_ns=%u p10_ns=%u p90_ns=%u min_ns=%u mean90_ns=%llu\n",
		what, n, DIV_ROUND_CLOSEST(pb_pct(v, n, 50), div),
		DIV_ROUND_CLOSEST(pb_pct(v, n, 10), div),
		DIV_ROUND_CLOSEST(pb_pct(v, n, 90), div),
		n ? DIV_ROUND_CLOSEST(v[0], div) : 0,
		m ? div64_u64(sum, (u64)m * div) : 0);
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_GT(test, pb_pct(v, n, 50), 0);
}

/* ------------------------------------------------------------------ */
/* p4: register + remove of a PHY without "pses"                       */

enum { PB_P4_DT, PB_P4_NONODE, PB_P4_KINDS };
static const char *const pb_p4_kind[PB_P4_KINDS] = { "dt", "nonode" };

/* One register+remove pair; returns 0 and the times, or an error */
static int pb_p4_one(struct mii_bus *mii, struct device_node *np,
		     u32 *reg_ns, u32 *total_ns)
{
	struct phy_device *phydev;
	u64 t0, t1, t2;
	int ret;

	phydev = phy_device_create(mii, 1, PB_PHY_ID, false, NULL);
	if (IS_ERR(phydev))
		return PTR_ERR(phydev);
	if (np) {
		/* What fwnode_mdiobus_phy_device_register() does */
		fwnode_handle_get(of_fwnode_handle(np));
		device_set_node(&phydev->mdio.dev, of_fwnode_handle(np));
	}

	t0 = ktime_get_ns();
	ret = phy_device_register(phydev);
	t1 = ktime_get_ns();
	if (!ret)
		phy_device_remove(phydev);
	t2 = ktime_get_ns();

	phy_device_free(phydev);
	*reg_ns = min_t(u64, t1 - t0, U32_MAX);
	*total_ns = min_t(u64, t2 - t0, U32_MAX);
	return ret;
}

static void p4_register_remove(struct kunit *test)
{
	struct of_changeset cs;
	struct device_node *np;
	struct mii_bus *mii;
	u32 *tot[PB_P4_KINDS], *reg[PB_P4_KINDS];
	unsigned int batch = max(p4_batch, 1U), block = max(p4_block, 1U);
	unsigned int samples = max(p4_iters / batch, 1U);
	unsigned int done = 0, k, i, j;
	char what[40];
	u64 start;
	int ret;

	for (k = 0; k < PB_P4_KINDS; k++) {
		tot[k] = kunit_kcalloc(test, samples, sizeof(u32), GFP_KERNEL);
		reg[k] = kunit_kcalloc(test, samples, sizeof(u32), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, tot[k]);
		KUNIT_ASSERT_NOT_NULL(test, reg[k]);
	}

	/* A PHY node as on a DT board: a few properties, no "pses" */
	of_changeset_init(&cs);
	np = of_changeset_create_node(&cs, of_root, "phy-bench-p4-phy@1");
	KUNIT_ASSERT_NOT_NULL(test, np);
	KUNIT_ASSERT_EQ(test, of_changeset_add_prop_string(&cs, np, "compatible",
				"ethernet-phy-ieee802.3-c22"), 0);
	KUNIT_ASSERT_EQ(test, of_changeset_add_prop_u32(&cs, np, "reg", 1), 0);
	KUNIT_ASSERT_EQ(test, of_changeset_add_prop_u32(&cs, np, "max-speed",
							1000), 0);
	KUNIT_ASSERT_EQ(test, of_changeset_add_prop_bool(&cs, np,
				"eee-broken-1000t"), 0);
	KUNIT_ASSERT_EQ(test, of_changeset_apply(&cs), 0);

	mii = pb_bus_alloc();
	KUNIT_ASSERT_NOT_NULL(test, mii);
	ret = mdiobus_register(mii);
	KUNIT_ASSERT_EQ(test, ret, 0);

	/* Warm-up: caches, slabs, kernfs */
	for (i = 0; i < p4_warmup && !ret; i++) {
		u32 r, t;

		for (k = 0; k < PB_P4_KINDS && !ret; k++)
			ret = pb_p4_one(mii, k == PB_P4_DT ? np : NULL, &r, &t);
	}

	/* The kinds alternate block by block, so that drift hits both */
	start = ktime_get_ns();
	while (done < samples && !ret) {
		unsigned int n = min(block, samples - done);

		for (k = 0; k < PB_P4_KINDS && !ret; k++) {
			for (i = done; i < done + n && !ret; i++) {
				u32 rsum = 0, tsum = 0;

				for (j = 0; j < batch && !ret; j++) {
					u32 r, t;

					ret = pb_p4_one(mii, k == PB_P4_DT ? np : NULL,
							&r, &t);
					rsum += r;
					tsum += t;
				}
				reg[k][i] = rsum;
				tot[k][i] = tsum;
			}
		}
		done += n;
	}
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "phy_device_register() failed");
	pr_info("PHYBENCH what=p4-run pairs=%u batch=%u warmup=%u block=%u ms=%llu\n",
		done * batch, batch, p4_warmup, block,
		(ktime_get_ns() - start) / NSEC_PER_MSEC);

	for (k = 0; k < PB_P4_KINDS; k++) {
		snprintf(what, sizeof(what), "p4 kind=%s part=total", pb_p4_kind[k]);
		pb_report(test, what, tot[k], done, batch);
		snprintf(what, sizeof(what), "p4 kind=%s part=register", pb_p4_kind[k]);
		pb_report(test, what, reg[k], done, batch);
	}

	mdiobus_unregister(mii);
	mdiobus_free(mii);
	of_changeset_revert(&cs);
	of_changeset_destroy(&cs);
	of_node_put(np);
}

/* ------------------------------------------------------------------ */
/* p3: attach/detach latency against the number of PHYs with "pses"    */

struct pb_layout {
	unsigned int n_pse;		/* PHYs with "pses" */
	unsigned int n_bus;		/* buses of 32 PHYs */
	struct of_changeset cs;
	bool applied;
	struct device_node *ctrl_np;
	struct device_node **bus_np;
	struct device_node **nodes;	/* every created node, for the puts */
	unsigned int n_nodes;
	struct mii_bus **mii;
};

/* Address @addr of bus @b: the index of its "pses" line, or -1 */
static int pb_line(const struct pb_layout *l, unsigned int b, unsigned int addr)
{
	unsigned int line = b * PB_PSE_PER_BUS + addr / 2;

	if (!(addr & 1) || line >= l->n_pse)
		return -1;
	return line;
}

static struct device_node *pb_node(struct pb_layout *l,
				   struct device_node *parent,
				   const char *name)
{
	struct device_node *np = of_changeset_create_node(&l->cs, parent, name);

	if (np)
		l->nodes[l->n_nodes++] = np;
	return np;
}

static int pb_layout_build(struct kunit *test, struct pb_layout *l,
			   unsigned int n_pse)
{
	static unsigned int seq;
	struct device_node *np;
	unsigned int b, a;
	u32 phandle = PB_PHANDLE_BASE + seq * 0x100;
	char name[48];
	int ret = 0;

	seq++;
	l->n_pse = n_pse;
	l->n_bus = max(DIV_ROUND_UP(n_pse, PB_PSE_PER_BUS), 1U);
	l->bus_np = kunit_kcalloc(test, l->n_bus, sizeof(*l->bus_np), GFP_KERNEL);
	l->mii = kunit_kcalloc(test, l->n_bus, sizeof(*l->mii), GFP_KERNEL);
	l->nodes = kunit_kcalloc(test, 1 + l->n_bus * (PHY_MAX_ADDR + 1),
				 sizeof(*l->nodes), GFP_KERNEL);
	if (!l->bus_np || !l->mii || !l->nodes)
		return -ENOMEM;
	of_changeset_init(&l->cs);

	/* One controller, one line per PHY with "pses", no pse-pis node */
	snprintf(name, sizeof(name), "phy-bench-pse-%u", seq);
	l->ctrl_np = pb_node(l, of_root, name);
	if (!l->ctrl_np)
		return -ENOMEM;
	ret |= of_changeset_add_prop_u32(&l->cs, l->ctrl_np, "#pse-cells", 1);
	ret |= of_changeset_add_prop_u32(&l->cs, l->ctrl_np, "phandle", phandle);

	for (b = 0; b < l->n_bus && !ret; b++) {
		snprintf(name, sizeof(name), "phy-bench-mdio-%u-%u", seq, b);
		l->bus_np[b] = np = pb_node(l, of_root, name);
		if (!np)
			return -ENOMEM;
		ret |= of_changeset_add_prop_u32(&l->cs, np, "#address-cells", 1);
		ret |= of_changeset_add_prop_u32(&l->cs, np, "#size-cells", 0);
		for (a = 0; a < PHY_MAX_ADDR && !ret; a++) {
			int line = pb_line(l, b, a);

			snprintf(name, sizeof(name), "ethernet-phy@%x", a);
			np = pb_node(l, l->bus_np[b], name);
			if (!np)
				return -ENOMEM;
			ret |= of_changeset_add_prop_u32(&l->cs, np, "reg", a);
			if (line >= 0) {
				u32 pses[2] = { phandle, line };

				ret |= of_changeset_add_prop_u32_array(&l->cs, np,
							"pses", pses, 2);
			}
		}
	}
	if (ret)
		return ret;

	ret = of_changeset_apply(&l->cs);
	l->applied = !ret;
	/*
	 * A changeset attaches a node before it adds the node's properties,
	 * so the attach finds no "phandle" and sets 0: set it now, before
	 * anything resolves a "pses" phandle.
	 */
	if (!ret)
		l->ctrl_np->phandle = phandle;
	return ret;
}

static int pb_bus_register(struct pb_layout *l, unsigned int b)
{
	struct mii_bus *mii = pb_bus_alloc();
	int ret;

	if (!mii)
		return -ENOMEM;
	ret = of_mdiobus_register(mii, l->bus_np[b]);
	if (ret) {
		mdiobus_free(mii);
		return ret;
	}
	l->mii[b] = mii;
	return 0;
}

static void pb_layout_teardown_buses(struct pb_layout *l)
{
	unsigned int b;

	for (b = 0; b < l->n_bus; b++) {
		if (l->mii && l->mii[b]) {
			mdiobus_unregister(l->mii[b]);
			mdiobus_free(l->mii[b]);
			l->mii[b] = NULL;
		}
	}
}

static void pb_layout_teardown(struct pb_layout *l)
{
	unsigned int i;

	pb_layout_teardown_buses(l);
	if (l->applied)
		of_changeset_revert(&l->cs);
	l->applied = false;
	of_changeset_destroy(&l->cs);
	for (i = 0; i < l->n_nodes; i++)
		of_node_put(l->nodes[i]);
	l->n_nodes = 0;
}

static const void *pb_p3_gen(struct kunit *test, const void *prev, char *desc)
{
	const unsigned int *p = prev;

	p = p ? p + 1 : &p3_sizes[0];
	if (p >= &p3_sizes[min_t(unsigned int, p3_nsizes, PB_MAX_SIZES)])
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "pses=%u", *p);
	return p;
}

/* The controller: enough of a PoDL PSE driver for pse_core */
struct pb_ctrl {
	struct pse_controller_dev pcdev;
	struct platform_device *pdev;
	bool created;
	unsigned int nr_lines;
	/* timestamps of the current bind or unbind, ns */
	u64 t_start, t_chain_start, t_chain_end;
	int chain_events;
	/* p5: the next pi_get_admin_state() sleeps this long, once */
	unsigned int slow_ms;
	struct completion in_slow_op;
};

static struct pb_ctrl *pb_current;

static int pb_get_admin_state(struct pse_controller_dev *pcdev, int id,
			      struct pse_admin_state *st)
{
	struct pb_ctrl *c = container_of(pcdev, struct pb_ctrl, pcdev);
	unsigned int slow_ms = xchg(&c->slow_ms, 0);

	if (slow_ms) {
		complete(&c->in_slow_op);
		msleep(slow_ms);
	}
	st->podl_admin_state = ETHTOOL_PODL_PSE_ADMIN_STATE_DISABLED;
	return 0;
}

static int pb_get_pw_status(struct pse_controller_dev *pcdev, int id,
			    struct pse_pw_status *st)
{
	st->podl_pw_status = ETHTOOL_PODL_PSE_PW_D_STATUS_DISABLED;
	return 0;
}

static int pb_pi_onoff(struct pse_controller_dev *pcdev, int id)
{
	return 0;
}

static const struct pse_controller_ops pb_pse_ops = {
	.pi_get_admin_state = pb_get_admin_state,
	.pi_get_pw_status = pb_get_pw_status,
	.pi_enable = pb_pi_onoff,
	.pi_disable = pb_pi_onoff,
};

static int pb_pse_probe(struct platform_device *pdev)
{
	struct pb_ctrl *c = pb_current;

	if (!c || c->pdev != pdev)
		return -ENODEV;

	memset(&c->pcdev, 0, sizeof(c->pcdev));
	c->pcdev.owner = THIS_MODULE;
	c->pcdev.ops = &pb_pse_ops;
	c->pcdev.dev = &pdev->dev;
	c->pcdev.types = ETHTOOL_PSE_PODL;
	c->pcdev.nr_lines = c->nr_lines;
	c->pcdev.of_pse_n_cells = 1;

	c->t_start = ktime_get_ns();
	return devm_pse_controller_register(&pdev->dev, &c->pcdev);
}

static struct platform_driver pb_pse_driver = {
	.probe = pb_pse_probe,
	.driver = {
		.name = "phy-bench-pse",
	},
};

/* The controller's platform device, made by OF if not yet */
static int pb_ctrl_pdev(struct pb_layout *l, struct pb_ctrl *c)
{
	c->pdev = of_find_device_by_node(l->ctrl_np);
	if (!c->pdev) {
		c->pdev = of_platform_device_create(l->ctrl_np, NULL, NULL);
		c->created = true;
	}
	return c->pdev ? 0 : -ENODEV;
}

static void pb_ctrl_pdev_put(struct pb_ctrl *c)
{
	if (!c->pdev)
		return;
	if (c->pdev->dev.driver)
		device_release_driver(&c->pdev->dev);
	if (c->created)
		of_platform_device_destroy(&c->pdev->dev, NULL);
	else
		platform_device_put(c->pdev);
	c->pdev = NULL;
}

static int phy_bench_suite_init(struct kunit_suite *suite)
{
	/* PI regulators have no "vpwr" supply here: use a dummy one */
	regulator_has_full_constraints();
	return platform_driver_register(&pb_pse_driver);
}

static void phy_bench_suite_exit(struct kunit_suite *suite)
{
	platform_driver_unregister(&pb_pse_driver);
}

#ifdef PHY_BENCH_PSE_NOTIFIER

/* Before phylib's notifier (priority 0): the walk starts */
static int pb_nb_first(struct notifier_block *nb, unsigned long ev, void *data)
{
	struct pb_ctrl *c = pb_current;

	if (c && data == &c->pcdev)
		c->t_chain_start = ktime_get_ns();
	return NOTIFY_OK;
}

/* After phylib's notifier: every PHY attached (or detached) */
static int pb_nb_last(struct notifier_block *nb, unsigned long ev, void *data)
{
	struct pb_ctrl *c = pb_current;

	if (c && data == &c->pcdev) {
		c->t_chain_end = ktime_get_ns();
		c->chain_events++;
	}
	return NOTIFY_OK;
}

static struct notifier_block pb_first_nb = {
	.notifier_call = pb_nb_first,
	.priority = INT_MAX,
};

static struct notifier_block pb_last_nb = {
	.notifier_call = pb_nb_last,
	.priority = INT_MIN,
};

/* PHYs with "pses" attached to @c (or detached if !c); plain PHYs never */
/* Forget the notifier events of the previous bind or unbind. */
static void pb_chain_reset(struct pb_ctrl *c)
{
	c->t_chain_start = 0;
	c->t_chain_end = 0;
	c->chain_events = 0;
}

static unsigned int pb_count_bad(struct pb_layout *l, struct pb_ctrl *c);

/*
 * After a bind (@want: the controller) or an unbind (@want NULL): check that
 * the PHYs are as they should be, and store the times of the notifier
 * chain, from the start of the operation and within the chain.
 */
static unsigned int pb_settled(struct kunit *test, struct pb_layout *l,
			       struct pb_ctrl *c, struct pb_ctrl *want,
			       u32 *from_start, u32 *in_chain)
{
	u64 deadline = ktime_get_ns() + PB_SETTLE_NS, t_end;
	unsigned int bad;

	/* phylib attaches from a work item of each PHY: wait for it */
	while ((bad = pb_count_bad(l, want)) && ktime_get_ns() < deadline)
		usleep_range(20, 50);
	t_end = ktime_get_ns();

	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "%s",
			    want ? "PHYs not attached as expected" : "PHYs not detached");
	*from_start = t_end - c->t_start;
	*in_chain = c->t_chain_end - c->t_chain_start;
	return bad;
}

static unsigned int pb_count_bad(struct pb_layout *l, struct pb_ctrl *c)
{
	unsigned int b, a, bad = 0;

	for (b = 0; b < l->n_bus; b++) {
		for (a = 0; a < PHY_MAX_ADDR; a++) {
			struct phy_device *phydev = mdiobus_get_phy(l->mii[b], a);
			bool want = c && pb_line(l, b, a) >= 0;
			bool ok;

			if (!phydev) {
				bad++;
				continue;
			}
			/* phydev->pse.lock guards phydev->psec (phy_pse.c) */
			mutex_lock(&phydev->pse.lock);
			if (want)
				ok = phydev->psec &&
				     pse_control_controller(phydev->psec) == &c->pcdev;
			else
				ok = !phydev->psec;
			mutex_unlock(&phydev->pse.lock);
			if (!ok)
				bad++;
		}
	}
	return bad;
}

static void p3_attach_detach(struct kunit *test)
{
	unsigned int n = *(const unsigned int *)test->param_value;
	struct pb_layout *l;
	struct pb_ctrl *c;
	u32 *v[5];
	unsigned int r, b, reps = max(p3_reps, 1U);
	u64 t0, t_bus;
	int ret, i;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_ASSERT_NOT_NULL(test, c);
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		v[i] = kunit_kcalloc(test, reps, sizeof(u32), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, v[i]);
	}

	ret = pb_layout_build(test, l, n);
	if (ret) {
		pb_layout_teardown(l);
		KUNIT_FAIL(test, "building %u PHY nodes: %d", n, ret);
		return;
	}

	/* The PHYs first, as on a board whose PSE driver is a module */
	t0 = ktime_get_ns();
	for (b = 0, ret = 0; b < l->n_bus && !ret; b++)
		ret = pb_bus_register(l, b);
	t_bus = ktime_get_ns() - t0;
	if (ret) {
		pb_layout_teardown(l);
		KUNIT_FAIL(test, "MDIO bus registration: %d", ret);
		return;
	}
	KUNIT_EXPECT_EQ(test, pb_count_bad(l, NULL), 0);

	if (pb_ctrl_pdev(l, c)) {
		pb_layout_teardown(l);
		KUNIT_FAIL(test, "no platform device for the PSE controller");
		return;
	}
	c->nr_lines = n;

	pse_register_notifier(&pb_first_nb);
	pse_register_notifier(&pb_last_nb);
	pb_current = c;
	for (r = 0; r < reps; r++) {
		unsigned int bad;
		u64 t_end;

		pb_chain_reset(c);
		ret = device_driver_attach(&pb_pse_driver.driver, &c->pdev->dev);
		if (ret || c->chain_events != 1) {
			KUNIT_FAIL(test, "bind: %d, %d PSE_REGISTERED seen", ret,
				   c->chain_events);
			break;
		}
		bad = pb_settled(test, l, c, c, &v[0][r], &v[1][r]);

		pb_chain_reset(c);
		c->t_start = ktime_get_ns();
		device_release_driver(&c->pdev->dev);
		t_end = ktime_get_ns();
		if (c->chain_events != 1) {
			KUNIT_FAIL(test, "unbind: %d PSE_UNREGISTERED seen",
				   c->chain_events);
			break;
		}
		bad = pb_settled(test, l, c, NULL, &v[2][r], &v[3][r]);
		v[4][r] = t_end - c->t_start;
		if (bad)
			break;
	}
	pb_current = NULL;
	pse_unregister_notifier(&pb_last_nb);
	pse_unregister_notifier(&pb_first_nb);

	if (r == reps) {
		char what[96];
		static const char *const part[] = {
			"register_until_attached", "attach_walk",
			"unregister_until_detached", "detach_walk",
			"unregister_total",
		};

		pr_info("PHYBENCH what=p3-setup pses=%u phys=%u buses=%u bus_register_ms=%llu reps=%u\n",
			n, l->n_bus * PHY_MAX_ADDR, l->n_bus,
			t_bus / NSEC_PER_MSEC, reps);
		for (i = 0; i < ARRAY_SIZE(part); i++) {
			snprintf(what, sizeof(what), "p3 pses=%u part=%s", n,
				 part[i]);
			pb_report(test, what, v[i], reps, 1);
		}
	}

	pb_ctrl_pdev_put(c);
	pb_layout_teardown(l);
}

#else /* !PHY_BENCH_PSE_NOTIFIER: the base */

/*
 * No PSE notifier: a PHY with "pses" fails its MDIO bus while the
 * controller is not registered. Show that it does, and report n/a.
 */
static void p3_attach_detach(struct kunit *test)
{
	unsigned int n = *(const unsigned int *)test->param_value;
	struct pb_layout *l;
	int ret;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);
	ret = pb_layout_build(test, l, n);
	if (!ret)
		ret = pb_bus_register(l, 0);
	pr_info("PHYBENCH what=p3-base pses=%u bus_register=%d\n", n, ret);
	KUNIT_EXPECT_EQ_MSG(test, ret, -EPROBE_DEFER,
			    "the base was expected to defer the MDIO bus");
	pb_layout_teardown(l);
}

#endif /* PHY_BENCH_PSE_NOTIFIER */

/*
 * p3c: the other order, which works on the base too: the controller is
 * bound first, then the MDIO buses register and every PHY with "pses" gets
 * its PSE control during its registration (the base: fwnode_mdio; the
 * series: phylib). Times the registration and the removal of all buses,
 * base against series.
 */
static void p3c_controller_first(struct kunit *test)
{
	unsigned int n = *(const unsigned int *)test->param_value;
	unsigned int r, b, a, reps = max(p3_reps, 1U);
	struct pb_layout *l;
	struct pb_ctrl *c;
	u32 *v[2];
	int ret = 0;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	v[0] = kunit_kcalloc(test, reps, sizeof(u32), GFP_KERNEL);
	v[1] = kunit_kcalloc(test, reps, sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, l && c && v[0] && v[1]);

	ret = pb_layout_build(test, l, n);
	if (!ret)
		ret = pb_ctrl_pdev(l, c);
	/* The base cannot register a single-line controller (kfifo size) */
	c->nr_lines = max(n, 2U);
	if (!ret) {
		pb_current = c;
		ret = device_driver_attach(&pb_pse_driver.driver, &c->pdev->dev);
		pb_current = NULL;
	}
	if (ret) {
		pb_ctrl_pdev_put(c);
		pb_layout_teardown(l);
		KUNIT_FAIL(test, "setup of %u PHYs and the controller: %d", n, ret);
		return;
	}

	for (r = 0; r < reps && !ret; r++) {
		unsigned int bad = 0;
		u64 t0 = ktime_get_ns();

		u64 deadline = t0 + PB_SETTLE_NS;

		for (b = 0; b < l->n_bus && !ret; b++)
			ret = pb_bus_register(l, b);
		if (ret) {
			KUNIT_FAIL(test, "MDIO bus registration: %d", ret);
			break;
		}
		/*
		 * Until every PHY with "pses" has its PSE control: the base
		 * attaches during registration, the series from a work item
		 * of the PHY. Only a snapshot of phydev->psec, read without
		 * the series' lock (the base has none); the PHYs stay.
		 */
		do {
			bad = 0;
			for (b = 0; b < l->n_bus; b++) {
				for (a = 0; a < PHY_MAX_ADDR; a++) {
					struct phy_device *phydev = mdiobus_get_phy(l->mii[b], a);

					if (!phydev ||
					    !READ_ONCE(phydev->psec) != (pb_line(l, b, a) < 0))
						bad++;
				}
			}
			if (bad)
				usleep_range(20, 50);
		} while (bad && ktime_get_ns() < deadline);
		v[0][r] = ktime_get_ns() - t0;
		KUNIT_EXPECT_EQ_MSG(test, bad, 0, "PHYs without the expected PSE control");

		t0 = ktime_get_ns();
		for (b = 0; b < l->n_bus; b++) {
			mdiobus_unregister(l->mii[b]);
			mdiobus_free(l->mii[b]);
			l->mii[b] = NULL;
		}
		v[1][r] = ktime_get_ns() - t0;
		if (bad)
			ret = -EINVAL;
	}

	if (!ret) {
		char what[64];

		snprintf(what, sizeof(what), "p3c pses=%u part=bus_register", n);
		pb_report(test, what, v[0], reps, 1);
		snprintf(what, sizeof(what), "p3c pses=%u part=bus_unregister", n);
		pb_report(test, what, v[1], reps, 1);
	}
	pb_ctrl_pdev_put(c);
	pb_layout_teardown(l);
}

/* ------------------------------------------------------------------ */
/* p5: a slow controller and the PHY of another one                    */

struct pb_p5_thread {
	struct pb_layout *l;
	struct completion done;
	int ret;
};

static int pb_p5_register(void *data)
{
	struct pb_p5_thread *t = data;

	t->ret = pb_bus_register(t->l, 0);
	complete(&t->done);
	return 0;
}

/* Every PHY with "pses" of @l has a PSE control (a snapshot, no lock) */
static bool pb_all_attached(struct pb_layout *l)
{
	unsigned int b, a;

	for (b = 0; b < l->n_bus; b++) {
		for (a = 0; a < PHY_MAX_ADDR; a++) {
			struct phy_device *phydev;

			if (pb_line(l, b, a) < 0)
				continue;
			phydev = l->mii[b] ? mdiobus_get_phy(l->mii[b], a) : NULL;
			if (!phydev || !READ_ONCE(phydev->psec))
				return false;
		}
	}
	return true;
}

/*
 * p5, base and series: controllers A and B are bound, the PHY of A
 * registers (from a thread) and A's pi_get_admin_state() sleeps
 * p5_slow_ms in its PSE lookup. Meanwhile the PHY of B registers: the
 * time until it has its PSE control. The base looks PSE controls up under
 * one global mutex, held across the op of A; the series must not wait
 * for A (issue: a slow or hung controller stalls nobody else).
 */
static void p5_slow_controller(struct kunit *test)
{
	unsigned int r, reps = max(p5_reps, 1U);
	struct pb_layout *la, *lb;
	struct pb_ctrl *ca, *cb;
	u32 *v;
	int ret;

	la = kunit_kzalloc(test, sizeof(*la), GFP_KERNEL);
	lb = kunit_kzalloc(test, sizeof(*lb), GFP_KERNEL);
	ca = kunit_kzalloc(test, sizeof(*ca), GFP_KERNEL);
	cb = kunit_kzalloc(test, sizeof(*cb), GFP_KERNEL);
	v = kunit_kcalloc(test, reps, sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, la && lb && ca && cb && v);
	init_completion(&ca->in_slow_op);
	init_completion(&cb->in_slow_op);

	ret = pb_layout_build(test, la, 1);
	if (!ret)
		ret = pb_layout_build(test, lb, 1);
	if (!ret)
		ret = pb_ctrl_pdev(la, ca);
	if (!ret)
		ret = pb_ctrl_pdev(lb, cb);
	/* The base cannot register a single-line controller (kfifo size) */
	ca->nr_lines = 2;
	cb->nr_lines = 2;
	if (!ret) {
		pb_current = ca;
		ret = device_driver_attach(&pb_pse_driver.driver, &ca->pdev->dev);
	}
	if (!ret) {
		pb_current = cb;
		ret = device_driver_attach(&pb_pse_driver.driver, &cb->pdev->dev);
	}
	pb_current = NULL;
	if (ret) {
		KUNIT_FAIL(test, "setup of the two controllers: %d", ret);
		goto out;
	}

	for (r = 0; r < reps; r++) {
		struct pb_p5_thread t = { .l = la };
		struct task_struct *task;
		u64 t0, deadline;
		unsigned long left;

		init_completion(&t.done);
		reinit_completion(&ca->in_slow_op);
		WRITE_ONCE(ca->slow_ms, p5_slow_ms);
		task = kthread_run(pb_p5_register, &t, "phy-bench-p5");
		if (IS_ERR(task)) {
			KUNIT_FAIL(test, "kthread: %pe", task);
			break;
		}
		left = wait_for_completion_timeout(&ca->in_slow_op, 10 * HZ);
		if (!left) {
			KUNIT_FAIL(test, "the op of controller A was never called");
			wait_for_completion(&t.done);
			break;
		}

		/* A sleeps in its op: B's PHY now */
		t0 = ktime_get_ns();
		deadline = t0 + p5_slow_ms * NSEC_PER_MSEC + PB_SETTLE_NS;
		ret = pb_bus_register(lb, 0);
		while (!ret && !pb_all_attached(lb) && ktime_get_ns() < deadline)
			usleep_range(20, 50);
		v[r] = ktime_get_ns() - t0;
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "B's MDIO bus: %d", ret);
		KUNIT_EXPECT_TRUE_MSG(test, !ret && pb_all_attached(lb),
				      "B's PHY got no PSE control");

		wait_for_completion(&t.done);
		KUNIT_EXPECT_EQ_MSG(test, t.ret, 0, "A's MDIO bus: %d", t.ret);
		/* A's PHY too, once A answered */
		deadline = ktime_get_ns() + p5_slow_ms * NSEC_PER_MSEC + PB_SETTLE_NS;
		while (!t.ret && !pb_all_attached(la) && ktime_get_ns() < deadline)
			usleep_range(20, 50);
		KUNIT_EXPECT_TRUE_MSG(test, !t.ret && pb_all_attached(la),
				      "A's PHY got no PSE control");

		pb_layout_teardown_buses(la);
		pb_layout_teardown_buses(lb);
		if (ret || t.ret)
			break;
	}

	if (r == reps) {
		char what[64];

		snprintf(what, sizeof(what), "p5 slow_ms=%u part=other_attach",
			 p5_slow_ms);
		pb_report(test, what, v, reps, 1);
	}
out:
	pb_ctrl_pdev_put(cb);
	pb_ctrl_pdev_put(ca);
	pb_layout_teardown(lb);
	pb_layout_teardown(la);
}

static struct kunit_case phy_bench_cases[] = {
	KUNIT_CASE_SLOW(p4_register_remove),
	KUNIT_CASE_PARAM_ATTR(p3_attach_detach, pb_p3_gen, { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM_ATTR(p3c_controller_first, pb_p3_gen, { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_SLOW(p5_slow_controller),
	{}
};

static struct kunit_suite phy_bench_suite = {
	.name = "phy_bench",
	.suite_init = phy_bench_suite_init,
	.suite_exit = phy_bench_suite_exit,
	.test_cases = phy_bench_cases,
};

kunit_test_suite(phy_bench_suite);

MODULE_DESCRIPTION("Benchmark of PHY registration and PSE attachment");
MODULE_LICENSE("GPL");
