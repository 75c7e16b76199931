# Sourced by the scripts in bin/: finds a JDK 25 (or newer) and exports JAVA_HOME, or stops with
# a message saying what to install. Order: $JAVA_HOME, `java` on the PATH, the usual install places.

jkeras_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

jkeras_find_jdk() {
  local cand v
  for cand in "${JAVA_HOME:-}" \
              "$( (command -v java >/dev/null && dirname "$(dirname "$(readlink -f "$(command -v java)")")") 2>/dev/null)" \
              /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
              /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* /usr/lib/jvm/*25* \
              /opt/java/openjdk /opt/jdk-25* "$HOME"/.sdkman/candidates/java/25* \
              /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(jkeras_java_major "$cand/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(jkeras_find_jdk); then
  cat >&2 <<'MSG'
jkeras needs a JDK 25 or newer, and none was found (checked $JAVA_HOME, the `java` on your PATH,
/usr/lib/jvm, /opt and ~/.sdkman). Install one, for example:
  - Eclipse Temurin 25: https://adoptium.net (Debian/Ubuntu: the temurin-25-jdk package from Adoptium's apt repository)
  - SDKMAN: sdk install java 25-tem
then run this command again, or set JAVA_HOME to the JDK 25 folder.
MSG
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
