/** The index of a file's questions and of the variables they generate, with where each comes from. */
import { isQuestion, type QuestionnaireFile } from '../schema.js';
import { moduleOf } from '../types/index.js';
import type { Question } from '../types/union.js';
import type { FileIndex, Located, LocatedVariable } from './model.js';
import { quoted } from './model.js';

/** Index a file that passed the schema: questions in page order and every variable they generate. */
export function indexFile(file: QuestionnaireFile): FileIndex {
  const questions: Located[] = [];
  file.pages.forEach((page, i) =>
    page.blocks.forEach((block, j) => {
      if (isQuestion(block)) questions.push({ question: block, page: i, block: j, path: `pages[${i}].blocks[${j}]` });
    }),
  );
  const resolvedOf = new Map<Located, Question>();
  const resolved = (located: Located): Question => {
    let q = resolvedOf.get(located);
    if (!q) {
      q = moduleOf(located.question).resolve((name) => file.answerScales[name] ?? []);
      resolvedOf.set(located, q);
    }
    return q;
  };
  const variables = questions.flatMap((owner): LocatedVariable[] => {
    const q = owner.question;
    const module = moduleOf(resolved(owner));
    // two elements can make the same code: the second occurrence gets the second element
    const taken = new Set<string>();
    return module.variables().map((variable) => {
      const origin = module.origin(variable.code, owner.path, taken) ?? {
        path: `${owner.path}.code`,
        what: variable.code === q.code ? `vraag ${quoted(q.code)}` : `een variabele van ${quoted(q.code)}`,
      };
      taken.add(origin.path);
      return { variable, owner, ...origin };
    });
  });
  const question = new Map<string, Located>();
  for (const q of questions) if (!question.has(q.question.code)) question.set(q.question.code, q);
  const variable = new Map<string, LocatedVariable>();
  for (const v of variables) if (!variable.has(v.variable.code)) variable.set(v.variable.code, v);
  return { questions, question, variables, variable, resolved };
}
