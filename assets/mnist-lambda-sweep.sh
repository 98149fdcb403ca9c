#!/usr/bin/env bash
# Paper 000's λ_p sweep on MNIST (PonderNet, N = 15, β = 0.05, lr 3e-4, batch 64; same seed and
# iterations for every λ_p), one `ponderlab train` per value, one after the other. Writes
# assets/mnist-lambda-sweep.csv and assets/mnist-lambda-sweep.png. Usage:
#   assets/mnist-lambda-sweep.sh [ITERATIONS] [SEED] [RUNS_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
iterations="${1:-1500}"
seed="${2:-1}"
runs="${3:-/tmp/ponderlab-mnist-lambda-sweep}"
csv="$here/assets/mnist-lambda-sweep.csv"
mkdir -p "$runs"
echo "lambda_p,accuracy,mean_steps,expected_steps,rule,iterations,seed,training_seconds,ms_per_iteration" > "$csv"
for lp in 0.05 0.1 0.2 0.4 0.8; do
  out="$runs/lambda-$lp"
  rm -rf "$out"
  "$here/ponderlab" train --task mnist --max-steps 15 --beta 0.05 --lr 0.0003 --batch 64 --lambda-p "$lp" \
    --iterations "$iterations" --eval-every 250 --seed "$seed" --quiet --out "$out"
  # the last evaluation: metrics.csv's last row; E[n] = Σ n · mean p_n from halting.csv's last block
  last="$(tail -n 1 "$out/metrics.csv")"
  it="${last%%,*}"
  expected="$(awk -F, -v it="$it" 'NR > 1 && $1 == it { e += $2 * $5 } END { printf "%.4f", e }' "$out/halting.csv")"
  echo "$last" | awk -F, -v lp="$lp" -v e="$expected" -v seed="$seed" \
    '{ printf "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", lp, $6, $7, e, $8, $1, seed, $2, $9 }' >> "$csv"
done
cat "$csv"
java -Djava.awt.headless=true -cp "$here/app/target/ponderlab-app-0.1.0.jar:$here/app/target/lib/*" \
  org.ponderlab.app.charts.mnist.LambdaSweepChart "$csv" "$here/assets/mnist-lambda-sweep.png" 15 \
  "PonderNet, N 15, β 0.05, lr 3e-4, batch 64, $iterations iterations, seed $seed, shipped 8k/2k MNIST subset"
