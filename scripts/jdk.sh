# shellcheck shell=bash
# Sourced by ./qp and scripts/test: exports JAVA_HOME pointing at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm
# (or QP_JVM_DIRS, a space-separated list of folders to search instead).

qp_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

qp_find_jdk() {
  local need=21 best="" best_major=0 dir major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(qp_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then
      QP_JAVA_MAJOR=$major
      return 0
    fi
    echo "note: JAVA_HOME=$JAVA_HOME is not a JDK >= $need; looking for another" >&2
  fi
  for dir in ${QP_JVM_DIRS:-/usr/lib/jvm}/*; do
    [ -d "$dir" ] && [ ! -L "$dir" ] || continue
    major=$(qp_jdk_major "$dir")
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then
      best=$dir best_major=$major
    fi
  done
  if [ "$best_major" -lt "$need" ]; then
    echo "error: QuorumPay needs a JDK $need or newer and found none." >&2
    echo "       Install one (for example: apt-get install openjdk-21-jdk-headless)" >&2
    echo "       or set JAVA_HOME to its folder." >&2
    return 1
  fi
  export JAVA_HOME=$best
  QP_JAVA_MAJOR=$best_major
}

qp_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9's Guice uses sun.misc.Unsafe, which JDK 24+ warns about on every build; allow it quietly.
if [ "$QP_JAVA_MAJOR" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
