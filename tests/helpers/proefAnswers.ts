/**
 * Answers to the proef questionnaire (tests/helpers/proefQuestionnaire.ts), page by page, and filling
 * it in through the real respondent pages.
 */
import { Client, pageForm, type Page } from './formClient.js';

export const page1 = { Q1: '3', Q1_other: 'Zorgoverleg', Q2: '1' };
export const page2 = { M1_1: '4', M1_2: '3', M1_3: '5', M2_1: '2' };
export const page3 = { Q3: ['1', '3'], Q3_other: 'Woningcorporatie', Q4_1: 'Hoorn', Q4_2: 'Enkhuizen', Q5: '40' };
export const page4 = { Q6_a: '50', Q6_b: '30', Q6_c: '20', Q8: 'Reistijd', Q7: 'Goed overleg' };
export const page5 = { Q9: '1', Q10_naam: 'Jan Jansen', Q10_email: 'jan@example.nl' };

export interface Answers {
  p1?: Record<string, string>;
  p2?: Record<string, string>;
  p3?: Record<string, string | string[]>;
  p4?: Record<string, string>;
  p5?: Record<string, string>;
}

/** Fill in the whole fixture questionnaire through its pages and send it from the check page; returns the page after "Versturen". */
export async function completeProef(client: Client, base: string, answers: Answers = {}): Promise<Page> {
  const p1 = { ...page1, ...answers.p1 };
  let page = await client.get(`${base}/pagina/1`);
  page = await client.submit(pageForm(page), p1, 'Volgende');
  page = await client.submit(pageForm(page), { ...page2, ...answers.p2 }, 'Volgende');
  if (p1.Q2 === '1') page = await client.submit(pageForm(page), { ...page3, ...answers.p3 }, 'Volgende');
  page = await client.submit(pageForm(page), { ...page4, ...answers.p4 }, 'Volgende');
  page = await client.submit(pageForm(page), { ...page5, ...answers.p5 }, 'Volgende');
  return client.submit(pageForm(page), {}, 'Versturen');
}
