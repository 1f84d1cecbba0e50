# Sourced by the container tests: podman here needs the runc runtime and bounded ulimits
# (crun fails on these machines' hybrid cgroups). A containers.conf of the harness's own says
# so, so that the tests run the docs' podman lines as users type them.
podman_conf="${TMPDIR:-/tmp}/parlons-test-containers.conf"
cat >"$podman_conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF=$podman_conf
