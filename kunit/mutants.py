#!/usr/bin/env python3
"""Mutation test of the KUnit suite: each mutant takes one behaviour out of
the series, and the suite must notice.

Usage: mutants.py TREE BUILD_DIR RESULTS [NAME ...]

TREE is a kernel worktree at the series tip that this script may edit (a
mutant is applied to its files, the suite run, the files restored);
BUILD_DIR holds the plain and the debug UML builds (BUILD_DIR/plain,
BUILD_DIR/debug, kept between runs). The debug options come from
kunit/debug.config, the kernel reports from lib/kernel-reports. A mutant is
killed when the KUnit case it names fails, the suite crashes or hangs (a
deadlock), or - in the debug configuration - the kernel reports something.
RESULTS gets mutants.txt, the table; the exit code is 1 when a mutant
survived or could not be applied.
"""

import os
import re
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name, config, the patch whose behaviour it takes out, the KUnit case
# that must fail, and the edits: (file, text, replacement).
MUTANTS = [
    ("retry-is-broken", "plain",
     "net: phy: attach PSE controls in phylib, not in fwnode_mdio",
     "pse_phy_temporary_failure",
     [("drivers/net/phy/phy_pse.c",
       "\t\t/* The controller is there and may answer later */\n"
       "\t\tif (state != PHY_PSE_RETRY) {",
       "\t\tphy_pse_set_state(phydev, PHY_PSE_BROKEN, err);\n\t\tbreak;\n"
       "\t\tif (state != PHY_PSE_RETRY) {")]),
    ("broken-binding-retried", "plain",
     "net: phy: attach PSE controls in phylib, not in fwnode_mdio",
     "pse_phy_bad_binding",
     [("drivers/net/phy/phy_pse.c",
       "\tcase -ENOENT:\n\tcase -EINVAL:\n\tcase -ENODEV:\n\tcase -EOPNOTSUPP:\n",
       "\tcase -EOPNOTSUPP:\n")]),
    ("regulator-defer-waits", "plain",
     "net: pse-pd: notify controller registration and unregistration",
     "pse_phy_regulator_defers",
     [("drivers/net/pse-pd/pse_core.c",
       "\t\tif (ret == -EPROBE_DEFER)\n\t\t\tret = -EAGAIN;", "")]),
    ("no-backoff", "plain",
     "net: phy: attach PSE controls in phylib, not in fwnode_mdio",
     "pse_phy_retry_bounded",
     [("drivers/net/phy/phy_pse.c",
       "\t\tqueue_delayed_work(system_dfl_wq, &phydev->pse.work,\n"
       "\t\t\t\t   phydev->pse.delay);",
       "\t\tqueue_delayed_work(system_dfl_wq, &phydev->pse.work, 1);")]),
    ("global-lock-across-ops", "plain",
     "net: pse-pd: do not hold up lookups of all controllers for one",
     "pse_phy_slow_controller",
     [("drivers/net/pse-pd/pse_core.c",
       "\tdown_read(&pcdev->lookup_sem);\n\tmutex_unlock(&pse_list_mutex);\n",
       "\tdown_read(&pcdev->lookup_sem);\n"),
      ("drivers/net/pse-pd/pse_core.c",
       "\tup_read(&pcdev->lookup_sem);\n\n\treturn psec;\n",
       "\tup_read(&pcdev->lookup_sem);\n\tmutex_unlock(&pse_list_mutex);\n\n"
       "\treturn psec;\n")]),
    ("unregister-switches-off", "plain",
     "net: pse-pd: do not switch ports off when the controller goes away",
     "pse_phy_unbind_keeps_ports",
     [("drivers/net/pse-pd/pse_core.c", "\tif (pi->keep_on) {", "\tif (0) {")]),
    ("budget-under-controller-lock", "plain",
     "net: pse-pd: do not request power budget under the controller lock",
     "pse_phy_budget_vs_enable",
     [("drivers/net/pse-pd/pse_core.c",
       "\tmutex_unlock(&pcdev->lock);\n\n"
       "\t/* The budget is protected by a regulator lock, not pcdev->lock */\n"
       "\tfor_each_set_bit(i, h->notifs_mask, pcdev->nr_lines) {\n"
       "\t\tunsigned long notifs = h->notifs[i];\n\n"
       "\t\tpse_pi_free_pw_budget(&pcdev->pi[i], h->pw_freed[i]);\n",
       "\tfor_each_set_bit(i, h->notifs_mask, pcdev->nr_lines)\n"
       "\t\tpse_pi_free_pw_budget(&pcdev->pi[i], h->pw_freed[i]);\n"
       "\tmutex_unlock(&pcdev->lock);\n\n"
       "\t/* The budget is protected by a regulator lock, not pcdev->lock */\n"
       "\tfor_each_set_bit(i, h->notifs_mask, pcdev->nr_lines) {\n"
       "\t\tunsigned long notifs = h->notifs[i];\n")]),
    ("op-without-controller-lock", "debug",
     "net: pse-pd: read the PI state under the controller lock",
     "(lockdep assertion of the test driver)",
     [("drivers/net/pse-pd/pse_core.c",
       "\tmutex_lock(&pcdev->lock);\n"
       "\tret = pse_pi_is_hw_enabled(pcdev, index);\n"
       "\tif (ret >= 0)\n"
       "\t\tpcdev->pi[index].admin_state_enabled = ret;\n"
       "\tmutex_unlock(&pcdev->lock);",
       "\tret = pse_pi_is_hw_enabled(pcdev, index);\n"
       "\tif (ret >= 0)\n"
       "\t\tpcdev->pi[index].admin_state_enabled = ret;")]),
    ("domain-freed-with-first-controller", "plain",
     "net: pse-pd: do not free shared power domains with the first controller",
     "pse_phy_shared_supply",
     [("drivers/net/pse-pd/pse_core.c",
       "\t\tkref_put(&pw_d->refcnt, __pse_pw_d_release);",
       "\t\t__pse_pw_d_release(&pw_d->refcnt);")]),
    ("domain-holds-supply", "plain",
     "net: pse-pd: do not hold the power domain supply on a PI regulator",
     "pse_phy_shared_supply",
     [("drivers/net/pse-pd/pse_core.c",
       "\t\t\tif (pcdev->supp_budget_eval_strategies)\n"
       "\t\t\t\tpw_d->budget_eval_strategy =",
       "\t\t\tregulator_get(pcdev->dev, pi->rdev->supply_name);\n"
       "\t\t\tif (pcdev->supp_budget_eval_strategies)\n"
       "\t\t\t\tpw_d->budget_eval_strategy =")]),
    ("podl-status-from-admin", "plain",
     "net: pse-pd: regulator: let the regulator core switch the supply",
     "pse_phy_podl_regulator",
     [("drivers/net/pse-pd/pse_regulator.c",
       "\tif (READ_ONCE(priv->supply_on))",
       "\tif (priv->admin_state == ETHTOOL_PODL_PSE_ADMIN_STATE_ENABLED)")]),
    ("fw-devlink-pses", "plain",
     "of: property: fw_devlink: do not link PHYs to their PSE controller",
     "pse_phy_driver_without_controller",
     [("drivers/of/property.c",
       'DEFINE_SIMPLE_PROP(power_supplies, "power-supplies", NULL)',
       'DEFINE_SIMPLE_PROP(pses, "pses", "#pse-cells")\n'
       'DEFINE_SIMPLE_PROP(power_supplies, "power-supplies", NULL)'),
      ("drivers/of/property.c",
       "\t{ .parse_prop = parse_power_supplies, },",
       "\t{ .parse_prop = parse_pses, },\n"
       "\t{ .parse_prop = parse_power_supplies, },")]),
    ("no-retry-when-pi-released", "plain",
     "net: phy: attach PSE controls in phylib, not in fwnode_mdio",
     "pse_phy_shared_pi",
     [("drivers/net/phy/phy_pse.c",
       "\tif (detached)\n\t\tphy_pse_kick(BIT(PHY_PSE_BUSY));", "")]),
    ("detach-only-stored", "plain",
     "net: phy: attach PSE controls in phylib, not in fwnode_mdio",
     "pse_phy_unbind_during_attach",
     [("drivers/net/phy/phy_pse.c",
       "\t\t\t    !of_pse_control_provided_by(np, pcdev))",
       "\t\t\t    !READ_ONCE(phydev->psec))")]),
    ("ethtool-without-phy-lock", "debug",
     "net: phy: let ethtool use the PSE control of a PHY through phylib",
     "pse_phy_ethtool_behind_irq",
     [("drivers/net/phy/phy_pse.c",
       "\tcase PHY_PSE_ATTACHED:\n"
       "\t\tret = req(phydev->psec, arg, extack);\n\t\tbreak;",
       "\tcase PHY_PSE_ATTACHED:\n"
       "\t\tmutex_unlock(&phydev->pse.lock);\n"
       "\t\treturn req(phydev->psec, arg, extack);")]),
    ("busy-warning-anonymous", "plain",
     "net: phy: attach PSE controls in phylib, not in fwnode_mdio",
     "pse_phy_shared_pi",
     [("drivers/net/phy/phy_pse.c",
       "\t\t    !phy_pse_same_pi(phydev, other))",
       "\t\t    !phy_pse_same_pi(phydev, other) || true)")]),
    ("ntf-worker-unlocked", "debug",
     "net: pse-pd: keep the attached PHY alive while sending notifications",
     "pse_phy_notify_vs_unbind",
     [("drivers/net/pse-pd/pse_core.c",
       "\t\tpsec = pse_control_find_by_id(pcdev, ntf.id);\n"
       "\t\tnetdev = pse_control_get_netdev(psec);\n"
       "\t\tif (netdev)\n"
       "\t\t\tethnl_pse_send_ntf(netdev, ntf.notifs);\n"
       "\t\tmutex_unlock(&pcdev->psec_lock);\n",
       "\t\tpsec = pse_control_find_by_id(pcdev, ntf.id);\n"
       "\t\tmutex_unlock(&pcdev->psec_lock);\n"
       "\t\tnetdev = pse_control_get_netdev(psec);\n"
       "\t\tif (netdev)\n"
       "\t\t\tethnl_pse_send_ntf(netdev, ntf.notifs);\n")]),
    ("pi-regulators-devm", "debug",
     "net: pse-pd: unregister the PI regulators before freeing the PIs",
     "pse_phy_pi_regulator_teardown",
     [("drivers/net/pse-pd/pse_core.c",
       "\trdev = regulator_register(pcdev->dev, rdesc, &rconfig);",
       "\trdev = devm_regulator_register(pcdev->dev, rdesc, &rconfig);"),
      ("drivers/net/pse-pd/pse_core.c",
       "\t\tregulator_unregister(pcdev->pi[i].rdev);\n", "")]),
    ("pi-supply-name-ignored", "plain",
     "net: pse-pd: let a controller name the supply of its PI regulators",
     "pse_phy_podl_regulator",
     [("drivers/net/pse-pd/pse_core.c",
       "pcdev->pi_supply_name ?: \"vpwr\";", "\"vpwr\";")]),
    ("psec-pins-module", "plain",
     "net: pse-pd: do not pin the controller driver module per PSE control",
     "pse_phy_module_refs",
     [("drivers/net/pse-pd/pse_core.c",
       "\tmodule_put(pcdev->owner);\n\n\tpsec->pcdev = pcdev;",
       "\tpsec->pcdev = pcdev;"),
      ("drivers/net/pse-pd/pse_core.c",
       "\t__module_get(pcdev->owner);\n", "")]),
    ("irq-after-pis-freed", "debug",
     "net: pse-pd: stop the IRQ and the notification worker before freeing PIs",
     "pse_phy_irq_vs_unbind",
     [("drivers/net/pse-pd/pse_core.c",
       "\tif (pcdev->irq)\n\t\tdisable_irq(pcdev->irq);\n"
       "\t/* Without power domains, nothing queues the power work any more */",
       "\t/* Without power domains, nothing queues the power work any more */"),
      ("drivers/net/pse-pd/pse_core.c",
       "#include <linux/device.h>\n",
       "#include <linux/delay.h>\n#include <linux/device.h>\n"),
      ("drivers/net/pse-pd/pse_core.c",
       "\tpse_release_pis(pcdev);\n\tkfifo_free(&pcdev->ntf_fifo);\n}",
       "\tpse_release_pis(pcdev);\n\tfsleep(20000);\n"
       "\tif (pcdev->irq)\n\t\tdisable_irq(pcdev->irq);\n"
       "\tkfifo_free(&pcdev->ntf_fifo);\n}")]),
    ("pd692x0-aux-on-regulator-dev", "debug",
     "net: pse-pd: pd692x0: do not deadlock when the manager regulators go away",
     "pse_phy_pd692x0_reload",
     [("drivers/net/pse-pd/pd692x0.c",
       "\t\tret = pd692x0_manager_aux_get(dev, rdev);\n",
       "\t\tret = devm_regulator_bulk_get_enable(&rdev->dev,\n"
       "\t\t\tARRAY_SIZE(pd692x0_manager_aux_supplies),\n"
       "\t\t\tpd692x0_manager_aux_supplies);\n")]),
    ("pd692x0-budget-in-remove", "plain",
     "net: pse-pd: pd692x0: give the manager budget back after unregistration",
     "pse_phy_pd692x0_reload",
     [("drivers/net/pse-pd/pd692x0.c",
       "\tret = devm_add_action_or_reset(&priv->client->dev,\n"
       "\t\t\t\t       pd692x0_managers_free_pw_budget_action,\n"
       "\t\t\t\t       priv);\n\tif (ret)\n\t\tgoto err_of_managers;\n", ""),
      ("drivers/net/pse-pd/pd692x0.c",
       "\tfirmware_upload_unregister(priv->fwl);\n}",
       "\tpd692x0_managers_free_pw_budget(priv);\n"
       "\tfirmware_upload_unregister(priv->fwl);\n}")]),
    ("kfifo-of-nr-lines", "plain",
     "net: pse-pd: allocate the notification fifo for single-line controllers",
     "pse_phy_single_line",
     [("drivers/net/pse-pd/pse_core.c",
       "\tret = kfifo_alloc(&pcdev->ntf_fifo, max(pcdev->nr_lines, 2U),\n"
       "\t\t\t  GFP_KERNEL);",
       "\tret = kfifo_alloc(&pcdev->ntf_fifo, pcdev->nr_lines, GFP_KERNEL);")]),
]


def read_list(path):
    with open(path) as f:
        return [l.rstrip("\n") for l in f
                if l.strip() and not l.startswith("#")]


def run_suite(tree, bdir, cfg, timeout):
    """Run the suite, return (failed cases, crashed, reports, summary)."""
    cmd = [sys.executable, "tools/testing/kunit/kunit.py", "run",
           "--build_dir", bdir, "--kunitconfig",
           "drivers/net/pse-pd/.kunitconfig", "--arch", "um",
           "--jobs", str(os.cpu_count() or 2), "--timeout", str(timeout)]
    env = dict(os.environ)
    if env.get("CCACHE", "1") != "0":
        cmd += ["--make_options", "CC=ccache gcc"]
        env.update(CCACHE_BASEDIR=os.path.dirname(bdir), CCACHE_NOHASHDIR="1")
    if cfg == "debug":
        for opt in read_list(os.path.join(TOP, "kunit", "debug.config")):
            cmd += ["--kconfig_add", opt]
    log = os.path.join(bdir, "test.log")
    if os.path.exists(log):
        os.remove(log)
    p = subprocess.run(cmd, cwd=tree, env=env, capture_output=True,
                       text=True)
    summary = [l for l in p.stdout.splitlines() if "Testing complete" in l]
    if not summary:
        tail = " / ".join(p.stdout.splitlines()[-3:])
        return None, False, [], "no run: " + tail
    text = open(log, errors="replace").read() if os.path.exists(log) else ""
    failed = set(re.findall(r"^\s*not ok \d+ (\S+)", text, re.M))
    crashed = bool(re.search(r"crashed: [1-9]", summary[-1])) or \
        "timed out" in p.stdout
    pats = [re.compile(p) for p in
            read_list(os.path.join(TOP, "lib", "kernel-reports"))]
    reports = sorted({l.strip()[:70] for l in text.splitlines()
                      if any(r.search(l) for r in pats)})
    return failed, crashed, reports, summary[-1].split("] ", 1)[-1]


def main():
    tree, build, results = sys.argv[1:4]
    names = sys.argv[4:]
    known = {m[0] for m in MUTANTS}
    for n in names:
        if n not in known:
            sys.exit(f"mutants.py: unknown mutant {n} (known: {' '.join(sorted(known))})")
    rows, bad = [], 0
    os.makedirs(results, exist_ok=True)
    out = os.path.join(results, "mutants.txt")
    for name, cfg, patch, case, edits in MUTANTS:
        if names and name not in names:
            continue
        saved, applied = {}, True
        for path, old, new in edits:
            fp = os.path.join(tree, path)
            text = saved.setdefault(fp, open(fp).read())
            cur = open(fp).read()
            if old not in cur:
                applied = False
                break
            open(fp, "w").write(cur.replace(old, new, 1))
        start = time.time()
        if applied:
            failed, crashed, reports, summary = run_suite(
                tree, os.path.join(build, cfg), cfg,
                int(os.environ.get("KUNIT_TIMEOUT", "900")))
        for fp, text in saved.items():
            open(fp, "w").write(text)
        if not applied:
            verdict, why = "ERROR", "the mutation does not apply: the code changed"
        elif failed is None:
            verdict, why = "ERROR", summary
        elif case in failed:
            verdict, why = "killed", f"{case} failed"
        elif cfg == "debug" and reports:
            verdict, why = "killed", "kernel report: " + reports[0]
            if crashed:
                why += " (then the suite crashed)"
        elif crashed:
            verdict, why = "killed", "the suite crashed or hung: " + summary
        else:
            verdict, why = "SURVIVED", summary
        bad += verdict != "killed"
        row = f"{name:36} {cfg:5} {verdict:8} {int(time.time() - start):4}s  {why}\n" \
              f"{'':36} guards: {patch}"
        print(row, flush=True)
        rows.append(row)
    with open(out, "w") as f:
        f.write("\n".join(rows) + "\n")
        f.write(f"mutants: {len(rows) - bad} killed, {bad} survived or not run\n")
    print(f"mutants: {len(rows) - bad} killed, {bad} survived or not run; table: {out}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
