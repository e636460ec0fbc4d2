/**
 * An R script that reads the raw CSV export (the comma-separated `csv` download) into a data frame
 * with the platform's meaning attached: `ruw` holds the codes as exported; `data` has the declared
 * missing codes (geen oordeel, weet niet) set to NA, choice questions as factors with their labels,
 * scale items as numbers with their value labels in attr(x, "labels") (as haven and RStudio read
 * them), and every column's text in attr(x, "label"). Base R only: nothing to install.
 *
 * The script is plain ASCII (non-ASCII text is written as \u{…} escapes), so it runs the same in any
 * locale, also on Windows before R 4.2.
 */
import type { Questionnaire } from '../questionnaire/normalize.js';
import type { ExportColumn } from './codebook.js';

/** An R string literal in ASCII: quotes and backslashes escaped, every other non-printable or non-ASCII character as \u{…}. */
export function rString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += `\\u{${code.toString(16)}}`;
  }
  return `${out}"`;
}

/** A comment line in ASCII: accents dropped, anything else non-ASCII as "?". */
function comment(text: string): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e]/g, '?');
  return `# ${ascii}`;
}

/** A column name as R code: data$Q6_1 works for every code the questionnaire allows. */
function col(frame: string, c: ExportColumn): string {
  return `${frame}[[${rString(c.code)}]]`;
}

function vector(values: readonly number[]): string {
  return `c(${values.join(', ')})`;
}

export interface RScriptOptions {
  /** The CSV file the script reads (the `csv` download's name). */
  csvFile: string;
  columns: ExportColumn[];
  /** What the data are (wave, house), in a comment. */
  description?: string;
}

/** The R script for a raw CSV export with these columns. */
export function rScript(questionnaire: Questionnaire, options: RScriptOptions): string {
  const { columns, csvFile } = options;
  const classes = columns.map((c) => `${rString(c.code)} = ${rString(c.kind === 'number' ? 'numeric' : 'character')}`);
  const lines: string[] = [
    comment(`${questionnaire.title}, vragenlijst ${questionnaire.id} versie ${questionnaire.version}`),
    ...(options.description ? [comment(options.description)] : []),
    comment(`Leest ${csvFile} (UTF-8, komma-gescheiden): 'ruw' met de codes zoals ze zijn opgeslagen,`),
    comment("'data' met missende waarden (geen oordeel, weet niet) als NA, keuzevragen als factor met labels,"),
    comment("schaalvragen als getal met hun waardelabels in attr(x, \"labels\") en de vraagtekst in attr(x, \"label\")."),
    '#',
    comment('WAAR STAAT HET CSV-BESTAND?'),
    comment(`Zet ${csvFile} in dezelfde map als dit script en maak die map de werkmap`),
    comment('(RStudio: Session > Set Working Directory > To Source File Location), of zet hieronder het volledige pad.'),
    comment('Vindt R het bestand niet, dan vraagt het script in een interactieve sessie waar het staat.'),
    `pad <- ${rString(csvFile)}`,
    'if (!file.exists(pad) && interactive()) pad <- file.choose()',
    'if (!file.exists(pad)) stop("Bestand niet gevonden: ", pad, " (zie de uitleg bovenaan dit script)")',
    '',
    'ruw <- read.csv(pad, fileEncoding = "UTF-8", na.strings = "", check.names = FALSE, stringsAsFactors = FALSE,',
    `  colClasses = c(${classes.join(',\n    ')}))`,
    '',
    comment('Een tekst die in een spreadsheet als formule zou starten (= + - @) kreeg bij de export een apostrof ervoor; die gaat er weer af.'),
    'ontsnapt <- function(x) ifelse(!is.na(x) & grepl("^\'+[=+@\\t\\r-]", x), substring(x, 2), x)',
    'data <- ruw',
    'for (naam in names(data)) if (is.character(data[[naam]])) data[[naam]] <- ontsnapt(data[[naam]])',
    '',
  ];
  const missing = columns.filter((c) => c.kind === 'number' && c.missingValues.length > 0);
  if (missing.length) {
    lines.push(comment('Missende waarden: geen oordeel, weet niet en dergelijke worden NA (ze staan nog in ruw).'));
    for (const c of missing) lines.push(`${col('data', c)}[${col('data', c)} %in% ${vector(c.missingValues)}] <- NA`);
    lines.push('');
  }
  const labelled = columns.filter((c) => c.kind === 'number' && c.valueLabels.length > 0);
  const factors = labelled.filter((c) => c.measure === 'nominal');
  if (factors.length) {
    lines.push(comment('Keuzevragen (nominaal): factor met de antwoorden als labels.'));
    for (const c of factors) {
      const valid = c.valueLabels.filter((l) => !c.missingValues.includes(l.value));
      lines.push(`${col('data', c)} <- factor(${col('data', c)}, levels = ${vector(valid.map((l) => l.value))}, labels = c(${valid.map((l) => rString(l.label)).join(', ')}))`);
    }
    lines.push('');
  }
  const scales = labelled.filter((c) => c.measure !== 'nominal');
  if (scales.length) {
    lines.push(comment('Schaalvragen (ordinaal): getallen, met de betekenis van elke code als waardelabel.'));
    for (const c of scales) {
      const valid = c.valueLabels.filter((l) => !c.missingValues.includes(l.value));
      lines.push(`attr(${col('data', c)}, "labels") <- setNames(${vector(valid.map((l) => l.value))}, c(${valid.map((l) => rString(l.label)).join(', ')}))`);
    }
    lines.push('');
  }
  lines.push(comment('Vraagteksten als variabelelabel.'));
  for (const c of columns) if (c.label.trim()) lines.push(`attr(${col('data', c)}, "label") <- ${rString(c.label.replace(/\s+/g, ' ').trim())}`);
  lines.push('', 'rm(naam, ontsnapt)', comment('Bijvoorbeeld: summary(data); mean(data$Q6_1, na.rm = TRUE)'), '');
  return lines.join('\n');
}
