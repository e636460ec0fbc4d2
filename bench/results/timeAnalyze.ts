/**
 * CPU time of analyze() of the results-page wave (5,000 synthetic Stappenmeter responses, its three breakdowns):
 * `npx tsx bench/results/timeAnalyze.ts [n] [label]`, BY=none for no breakdowns. Four warm-up runs, then the median of 15.
 */
import { join } from 'node:path';
import { stappenmeterResponses } from '../analysis/synthetic.js';
import { analyze } from '../../server/domain/analysis/report.js';
import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import { loadQuestionnaireFile } from '../../server/services/questionnaireFiles.js';

const n = Number(process.argv[2] ?? 5000);
const loaded = loadQuestionnaireFile(join(process.cwd(), 'questionnaires', 'stappenmeter-doelbereik.json'));
if (!loaded.ok) throw new Error('questionnaire');
const questionnaire: Questionnaire = loaded.questionnaire;
const responses = stappenmeterResponses(questionnaire, n);
// CPU time of this process (user + system): on a loaded shared machine far steadier than wall time
const time = () => {
  const cpu = process.cpuUsage();
  analyze(questionnaire, responses, { minCellSize: 5, ...(process.env.BY === 'none' ? { by: [] } : {}) });
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000;
};
time();
for (let i = 0; i < 3; i++) time();
const runs = Array.from({ length: 15 }, time).sort((a, b) => a - b);
console.log(`${process.argv[3] ?? ''} CPU median ${runs[7]!.toFixed(1)} ms (min ${runs[0]!.toFixed(1)}, max ${runs[14]!.toFixed(1)})`);
