#!/usr/bin/env bash
# Builds PonderLab's app image (and, with "deb", a .deb from it) with the JDK's own jdeps, jlink and
# jpackage. Maven's `dist` profile calls it after `package` (see app/pom.xml and README "Install"):
#   build-dist.sh JDK_HOME VERSION APP_TARGET_DIR image|deb
# Output: APP_TARGET_DIR/dist/PonderLab (the app image) and APP_TARGET_DIR/dist/ponderlab_VERSION_amd64.deb.
set -euo pipefail
jdk="$1"; version="$2"; target="$(cd "$3" && pwd)"; what="$4"
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$target/dist"
app_jar="ponderlab-app-$version.jar"
step() { echo "[dist $(date -u +%T)] $*"; }

if [ "$what" = image ] || [ ! -d "$out/PonderLab" ]; then
  rm -rf "$out"
  mkdir -p "$out/input/lib" "$out/input/assets/presets" "$out/input/datasets/mnist"

  step "collecting jars, presets, stylesheet, datasets"
  cp "$target/$app_jar" "$out/input/"
  for j in "$target"/lib/*.jar; do
    name="$(basename "$j")"
    case "$name" in
      # JavaFX's classifier-less jars are empty pointers to the -linux ones
      javafx-*.jar) [[ "$name" == *-linux.jar ]] || continue ;;
    esac
    # natives for other platforms: only linux-x86_64 ships
    if [[ "$name" =~ -(android|ios|macosx|windows)- ]] || [[ "$name" =~ -linux-(armhf|arm64|ppc64le|x86|mips64el|riscv64)(-[a-z0-9]+)?\.jar$ ]]; then
      continue
    fi
    cp "$j" "$out/input/lib/"
  done
  cp "$root"/assets/presets/*.json "$out/input/assets/presets/"
  cp "$root/assets/lab.css" "$out/input/assets/"
  cp "$root"/datasets/mnist/*.gz "$root/datasets/mnist/README.md" "$out/input/datasets/mnist/"

  step "jdeps: the JDK modules the app and its libraries use"
  modules="$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 -R \
      --class-path "$out/input/lib/*" "$out/input/$app_jar")"
  # jdeps sees only static references: the incubator module is added on the command line, and
  # jdk.localedata keeps number and date formats in the user's locale as with a full JDK
  modules="$(echo "$modules,jdk.incubator.vector,jdk.localedata" | tr ',' '\n' | sort -u | paste -sd, -)"
  echo "$modules" > "$out/modules.txt"
  step "modules: $modules"

  step "jlink: trimmed runtime (keeps bin/java, which the ponderlab script runs)"
  # --generate-cds-archive: the class-data sharing archive a full JDK ships, for the same start-up
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --generate-cds-archive --output "$out/runtime" 2>&1 | grep -v "^WARNING: Using incubator modules" || true
  [ -x "$out/runtime/bin/java" ] || { echo "jlink failed" >&2; exit 1; }

  step "jpackage: app image"
  "$jdk/bin/jpackage" --type app-image --name PonderLab --dest "$out" \
      --input "$out/input" --main-jar "$app_jar" --main-class org.ponderlab.app.Main \
      --runtime-image "$out/runtime" --app-version "$version" --icon "$root/assets/icon/ponderlab-256.png" \
      --description "A lab for watching adaptive computation: train halting networks and see where they stop" \
      --vendor "PonderLab" \
      --java-options '--add-modules jdk.incubator.vector -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=6G -Dponderlab.home=$APPDIR -Dponderlab.datasets=$APPDIR/datasets -Dorg.slf4j.simpleLogger.defaultLogLevel=warn'
  # the command users run: the repository's launcher, which finds the bundled runtime beside it
  install -m 755 "$root/ponderlab" "$out/PonderLab/bin/ponderlab"
  rm -rf "$out/input" "$out/runtime"
  step "app image: $out/PonderLab ($(du -sh "$out/PonderLab" | cut -f1))"
fi

if [ "$what" = deb ]; then
  step "jpackage: .deb"
  rm -f "$out"/*.deb
  # gzip, not dpkg's default xz: most of the bytes are jars (already deflated), and xz spends
  # minutes on them for a few percent; every dpkg reads gzip
  export DPKG_DEB_COMPRESSOR_TYPE=gzip DPKG_DEB_COMPRESSOR_LEVEL=9
  "$jdk/bin/jpackage" --type deb --app-image "$out/PonderLab" --name PonderLab --dest "$out" \
      --linux-package-name ponderlab --app-version "$version" --linux-app-release 1 \
      --linux-shortcut --linux-menu-group "Education;Science;" --linux-app-category science \
      --description "A lab for watching adaptive computation: train halting networks and see where they stop" \
      --vendor "PonderLab" --icon "$root/assets/icon/ponderlab-256.png" \
      --install-dir /opt --resource-dir "$root/packaging/linux" --temp "$out/deb-work"
  rm -rf "$out/deb-work"
  step ".deb: $(ls "$out"/*.deb) ($(du -sh "$out"/*.deb | cut -f1))"
fi
