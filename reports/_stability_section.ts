/**
 * The experiment page's "Signature stability" section (private to `reports/`): agreement of the variants'
 * signatures patient by patient ({@linkcode signatureAgreement}); the overlap of feature names only where it
 * means something — variants that share the trained networks (same seed, cohort, crop and training settings).
 *
 * @module
 */
import { ENDPOINT_ORDER, endpointLabel, orderBy } from "./_labels.ts";
import { escapeHtml, formatNumber } from "./_plot.ts";
import type { ReportData } from "./report_data.ts";
import { signatureAgreement } from "./signature_agreement.ts";
import { signatureOverlap } from "./signature_overlap.ts";

/** Parameter prefixes the trained networks depend on: variants equal on all of them share the networks. */
const NETWORK_KEYS = ["seed", "cohort.", "crop.", "train.", "modalities"];

/** Whether every variant trained the same networks (equal on every network parameter). */
function sharedNetworks(variants: readonly { params: Readonly<Record<string, unknown>> }[]): boolean {
  const keys = new Set(variants.flatMap((v) => Object.keys(v.params)));
  const network = [...keys].filter((k) => NETWORK_KEYS.some((p) => k === p || k.startsWith(p)));
  return network.every((k) => new Set(variants.map((v) => JSON.stringify(v.params[k]))).size === 1);
}

/** The section's markup. */
export function stabilitySection(
  variants: readonly { name: string; params: Readonly<Record<string, unknown>>; data: ReportData }[],
): string {
  const agreement = signatureAgreement(variants.map((v) => ({
    name: v.name,
    risks: v.data.risks,
    values: v.data.signatureValues,
  }))).sort((a, b) => orderBy(ENDPOINT_ORDER)(a.endpoint, b.endpoint));
  const f = (x: number) => formatNumber(x, 2);
  const rows = agreement.map((a) =>
    `<tr><td>${escapeHtml(endpointLabel(a.endpoint))}</td><td>${a.pairs}</td>` +
    `<td data-value="${a.riskRho}">${f(a.riskRho)} (min ${f(a.riskRhoMin)})</td>` +
    `<td data-value="${a.highRiskOverlap}">${f(a.highRiskOverlap)}</td>` +
    `<td data-value="${a.matchedR}">${f(a.matchedR)} (min ${f(a.matchedRMin)})</td>` +
    `<td data-value="${a.crossR2}">${f(a.crossR2)}</td></tr>`
  ).join("\n");
  const details = agreement.map((a) => {
    const items = a.matches.map((m) => `<li>${escapeHtml(`${m.a} ${m.unit} → ${m.b} ${m.match}: r = ${f(m.r)}`)}</li>`)
      .join("");
    return `<details><summary>${escapeHtml(endpointLabel(a.endpoint))}: every matched unit</summary>` +
      `<ul class="matches">${items}</ul></details>`;
  }).join("");
  const table = agreement.length === 0
    ? `<p class="empty">The runs hold no per-patient signature data (runs from before it was stored): ` +
      `re-run the experiment to compare its variants.</p>`
    : `<table id="table-agreement"><caption>Agreement of the ${variants.length} variants' U-Net signatures, ` +
      `patient by patient, per endpoint, over every pair of variants. Risk ρ: Spearman correlation of the ` +
      `patients' predicted risks (the signature's logistic score). High-risk overlap: Jaccard index of the ` +
      `high-risk halves (median split). Matched |r|: each selected unit paired with the other variant's unit whose ` +
      `values over the patients correlate most; mean and smallest |r| (1 = the same feature up to scale). ` +
      `Cross-prediction: adjusted R² of each unit from the other variant's whole signature (least squares), mean ` +
      `over units. Unit names are not compared: unit C137 of one training has nothing to do with unit C137 of ` +
      `another.</caption><thead><tr><th scope="col">Endpoint</th><th scope="col">Pairs</th>` +
      `<th scope="col">Risk ρ</th><th scope="col">High-risk overlap</th><th scope="col">Matched |r|</th>` +
      `<th scope="col">Cross-prediction adj. R²</th></tr></thead><tbody>\n${rows}\n</tbody></table>${details}`;
  let names = "";
  if (sharedNetworks(variants)) {
    const overlap = signatureOverlap(variants.map((v) => v.data.selected)).sort((a, b) =>
      orderBy(ENDPOINT_ORDER)(a.endpoint, b.endpoint)
    );
    const overlapRows = overlap.map((o) =>
      `<tr><td>${escapeHtml(endpointLabel(o.endpoint))}</td><td>${formatNumber(o.meanJaccard)}</td>` +
      `<td>${formatNumber(o.minJaccard)}</td><td>${o.inEvery.length}</td>` +
      `<td>${escapeHtml(o.inEvery.join(", ") || "—")}</td></tr>`
    ).join("\n");
    names = `<table id="table-overlap"><caption>The variants share the trained networks, so feature names are ` +
      `comparable: overlap of the selected features, per endpoint — mean and smallest pairwise Jaccard index ` +
      `|A ∩ B| / |A ∪ B| (1 = identical signatures), and the features every variant selected.</caption><thead><tr>` +
      `<th scope="col">Endpoint</th><th scope="col">Mean Jaccard</th><th scope="col">Min Jaccard</th>` +
      `<th scope="col">In every variant</th><th scope="col">Features</th></tr></thead><tbody>\n${overlapRows}\n` +
      `</tbody></table>`;
  }
  return `<section id="signature-stability"><h2>Signature stability</h2>${table}${names}</section>`;
}
