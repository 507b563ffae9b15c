# Shared by scripts/setup.sh and bench-common.sh (sourced, not run).

need() { # command debian-package [why]
  command -v "$1" >/dev/null && return 0
  echo "==> apt-get install $2${3:+ ($3)}"
  { apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }; } >/dev/null
}
