#!/usr/bin/env bash
# Write a small fake series for the gate's own tests: two patches on the
# base (pse_core.c, phy_device.c) with a b4-style cover letter, addressed to
# everyone get_maintainer.pl lists. Deterministic: same input, same bytes.
#
# Usage: tests/gate/make-series.sh OUTDIR [CASE]
# CASE good (default) or one defect carried by patch 2:
#   checkpatch  a coding-style error
#   build       built-in ethtool code calls phylib: breaks PHYLIB=m only
#   signoff     the author did not sign off (someone else did)
#   fixes       a malformed Fixes: tag
#   fixes-ok    a well-formed Fixes: tag of a commit the base does not have
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"

out=${1:?usage: make-series.sh OUTDIR [CASE]}
case=${2:-good}
repo=${KERNEL_TREE:-$SRC}
base=$(git -C "$repo" rev-parse --verify -q "$(base_ref)^{commit}") || die "no base in $repo"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q --shared --no-checkout "$repo" "$tmp/r"
g() { git -C "$tmp/r" "$@"; }
export GIT_INDEX_FILE=$tmp/index
export GIT_AUTHOR_NAME="Gate Fixture" GIT_AUTHOR_EMAIL=gate.fixture@example.org
export GIT_COMMITTER_NAME="Gate Fixture" GIT_COMMITTER_EMAIL=gate.fixture@example.org
export GIT_AUTHOR_DATE="2026-01-02T00:00:00Z" GIT_COMMITTER_DATE="2026-01-02T00:00:00Z"
g read-tree "$base"
head=$base

# edit PATH SED-SCRIPT: change a file in the index; the script must change it.
edit() {
	local blob
	g cat-file blob ":$1" >"$tmp/old"
	sed -e "$2" "$tmp/old" >"$tmp/new"
	! cmp -s "$tmp/old" "$tmp/new" || die "fixture: '$2' does not change $1"
	blob=$(g hash-object -w "$tmp/new")
	g update-index --cacheinfo "100644,$blob,$1"
}
commit() { head=$(g commit-tree "$(g write-tree)" -p "$head" -m "$1"); }

sob="Signed-off-by: Gate Fixture <gate.fixture@example.org>"

edit drivers/net/pse-pd/pse_core.c \
	's/^ \* @pcdev: a pointer to the PSE$/ * @pcdev: a pointer to the PSE controller device/'
commit "net: pse-pd: describe @pcdev as the PSE controller device

Most helpers of pse_core.c describe their @pcdev argument as \"a pointer
to the PSE\", which reads as if it were the power sourcing equipment
itself. Name the controller device, as struct pse_control does.

$sob"

edit drivers/net/phy/phy_device.c \
	'/^ \* @phydev: phy_device structure to be added to the MDIO bus$/a\
 *\
 * Return: 0 on success or a negative error code.'
msg2="net: phy: document the return value of phy_device_register()

kernel-doc -Wall reports that the return value of phy_device_register()
is not described. Describe it.
"
case $case in
good) msg2+="
$sob" ;;
checkpatch)
	edit drivers/net/phy/phy_device.c \
		'/err = mdiobus_register_device(&phydev->mdio);/{n;s/if (err)/if(err)/}'
	msg2+="
$sob" ;;
build)
	edit net/ethtool/pse-pd.c \
		's/^\tmemset(&data->status, 0, sizeof(data->status));$/\tphy_print_status(phydev);\n&/'
	msg2+="
$sob" ;;
signoff) msg2+="
Signed-off-by: Other Sender <other.sender@example.org>" ;;
fixes) msg2+="
Fixes: 0123456789a (net: phy: add phy_device_register)
$sob" ;;
fixes-ok) msg2+="
Fixes: 0123456789ab (\"net: phy: add phy_device_register()\")
$sob" ;;
*) die "unknown case $case" ;;
esac
commit "$msg2"

# Everyone get_maintainer.pl lists for the two patches, from the base's
# MAINTAINERS, in To/Cc of every mail.
mkdir -p "$tmp/k/scripts" "$tmp/p"
g show "$base:scripts/get_maintainer.pl" >"$tmp/k/scripts/get_maintainer.pl"
g show "$base:MAINTAINERS" >"$tmp/k/MAINTAINERS"
g format-patch -q -o "$tmp/p" "$base..$head"
to=()
while read -r a; do
	to+=(--cc "$a")
done < <(cd "$tmp/k" && perl scripts/get_maintainer.pl --no-tree --no-git \
	--no-git-fallback --no-rolestats "$tmp"/p/*.patch)

rm -rf "$out"
mkdir -p "$out"
g format-patch -q -v2 --subject-prefix='PATCH net-next' --cover-letter \
	--base="$base" "${to[@]}" -o "$out" "$base..$head"
why=
[[ $case != fixes* ]] || why='\n\nThe Fixes: tag is for net-next: the fixed kernel-doc is not in net.'
sed -i -e 's/\*\*\* SUBJECT HERE \*\*\*/net: pse-pd, phy: kernel-doc fixes (gate fixture)/' \
	-e 's/\*\*\* BLURB HERE \*\*\*/Two kernel-doc fixes: the fixture of the upstream gate'"'"'s own tests.\nThe gate applies them on the base, builds every configuration of the\nmatrix and runs each check; a defect in patch 2 must fail one check.'"$why"'\n\nChanges in v2:\n- none, the fixture starts at v2/' \
	-e 's/^base-commit: .*/&\nchange-id: 20260102-gate-fixture-0123456789ab/' \
	"$out"/*0000-cover-letter.patch
