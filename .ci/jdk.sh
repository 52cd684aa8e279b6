# Sourced by .ci/run and ./codeanatomy: finds a JDK >= 25 and exports JAVA_HOME, or stops with a clear message.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64 \
      $(ls -d /usr/lib/jvm/* 2>/dev/null); do
    if [[ -n "$candidate" && -x "$candidate/bin/java" ]]; then
      local major
      major="$(java_major "$candidate")"
      if [[ "${major%%.*}" =~ ^[0-9]+$ && "${major%%.*}" -ge 25 ]]; then
        echo "$candidate"
        return 0
      fi
    fi
  done
  return 1
}
if ! JAVA_HOME="$(pick_jdk)"; then
  echo "error: CodeAnatomy needs a JDK 25 or newer. Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
