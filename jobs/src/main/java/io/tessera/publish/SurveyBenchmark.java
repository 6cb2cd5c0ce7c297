package io.tessera.publish;

import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Benchmark items from the survey records of the validation and test splits: one row per question and population,
 * its answer distribution normalised to sum to 1, and the question as a prompt in three framings (as MENAValues
 * does): neutral (the question alone), persona (answer as a person from the population's country) and observer (how
 * would a person from there answer). Prompts are in the record's language where Tessera has a template for it, else
 * in English around the question as written; country names come from the JDK's CLDR data in that language.
 */
final class SurveyBenchmark {
  /** persona, observer, instruction, options label; {0} is the country. */
  private static final Map<String, String[]> TEMPLATES = Map.ofEntries(
      Map.entry("en", new String[] {"Imagine you are a person from {0}. Answer the question as they would.",
          "How would a typical person from {0} answer the following question?",
          "Answer with the number of one option.", "Options:"}),
      Map.entry("ar", new String[] {"تخيّل أنك شخص من {0}. أجب عن السؤال كما سيجيب.",
          "كيف سيجيب شخص عادي من {0} عن السؤال التالي؟", "أجب برقم أحد الخيارات.", "الخيارات:"}),
      Map.entry("zh", new String[] {"想象你是一个来自{0}的人。请像他们那样回答问题。",
          "一个典型的{0}人会如何回答下面的问题？", "请用一个选项的编号回答。", "选项："}),
      Map.entry("ja", new String[] {"あなたは{0}出身の人だと想像してください。その人のように質問に答えてください。",
          "{0}の典型的な人は次の質問にどう答えるでしょうか？", "選択肢の番号で答えてください。", "選択肢："}),
      Map.entry("ko", new String[] {"당신이 {0} 출신의 사람이라고 상상해 보세요. 그 사람처럼 질문에 답하세요.",
          "{0}의 일반적인 사람은 다음 질문에 어떻게 답할까요?", "선택지 번호 하나로 답하세요.", "선택지:"}),
      Map.entry("de", new String[] {"Stell dir vor, du bist eine Person aus {0}. Beantworte die Frage so wie sie.",
          "Wie würde eine typische Person aus {0} die folgende Frage beantworten?",
          "Antworte mit der Nummer einer Option.", "Optionen:"}),
      Map.entry("es", new String[] {"Imagina que eres una persona de {0}. Responde a la pregunta como lo haría.",
          "¿Cómo respondería una persona típica de {0} a la siguiente pregunta?",
          "Responde con el número de una opción.", "Opciones:"}),
      Map.entry("fr", new String[] {"Imagine que tu es une personne de {0}. Réponds à la question comme elle le ferait.",
          "Comment une personne typique de {0} répondrait-elle à la question suivante ?",
          "Réponds avec le numéro d'une option.", "Options :"}),
      Map.entry("pt", new String[] {"Imagine que você é uma pessoa de {0}. Responda à pergunta como ela responderia.",
          "Como uma pessoa típica de {0} responderia à seguinte pergunta?",
          "Responda com o número de uma opção.", "Opções:"}),
      Map.entry("ru", new String[] {"Представьте, что вы человек из страны {0}. Ответьте на вопрос так, как ответил бы он.",
          "Как типичный человек из страны {0} ответил бы на следующий вопрос?",
          "Ответьте номером одного из вариантов.", "Варианты:"}),
      Map.entry("vi", new String[] {"Hãy tưởng tượng bạn là một người đến từ {0}. Hãy trả lời câu hỏi như họ.",
          "Một người điển hình từ {0} sẽ trả lời câu hỏi sau như thế nào?",
          "Hãy trả lời bằng số của một lựa chọn.", "Các lựa chọn:"}));

  private SurveyBenchmark() {}

  /** The benchmark items of the published held-out survey records (those in train would leak). */
  static Dataset<Row> items(Dataset<Row> published) {
    return published.where("split <> 'train' and survey is not null and size(survey.distributions) > 0"
            + " and size(survey.options) > 0")
        .select("doc_id", "split", "language", "text", "survey")
        .flatMap((FlatMapFunction<Row, Row>) SurveyBenchmark::rows, Encoders.row(Tables.BENCHMARK_ITEM));
  }

  private static Iterator<Row> rows(Row record) {
    Row survey = record.getStruct(4);
    String language = record.isNullAt(2) ? "en" : record.getString(2);
    String templateLanguage = TEMPLATES.containsKey(language) ? language : "en";
    String[] template = TEMPLATES.get(templateLanguage);
    String question = survey.isNullAt(survey.fieldIndex("question")) ? record.getString(3)
        : survey.getString(survey.fieldIndex("question"));
    List<String> options = survey.getList(survey.fieldIndex("options"));
    StringBuilder neutral = new StringBuilder(question).append('\n').append(template[3]).append('\n');
    for (int i = 0; i < options.size(); i++) {
      neutral.append(i + 1).append(". ").append(options.get(i)).append('\n');
    }
    neutral.append(template[2]);
    List<Row> out = new ArrayList<>();
    for (Row distribution : survey.<Row>getList(survey.fieldIndex("distributions"))) {
      String population = distribution.getString(0);
      List<Double> values = distribution.getList(1);
      double sum = values.stream().mapToDouble(Double::doubleValue).sum();
      if (sum <= 0 || values.size() != options.size()) {
        continue;
      }
      List<Double> normalised = values.stream().map(v -> v / sum).toList();
      String country = population.length() == 2
          ? new Locale("", population).getDisplayCountry(Locale.forLanguageTag(templateLanguage)) : population;
      out.add(new RowBuilder(Tables.BENCHMARK_ITEM)
          .set("item_id", record.getString(0) + ":" + population)
          .set("doc_id", record.getString(0))
          .set("split", record.getString(1))
          .set("instrument", survey.getString(survey.fieldIndex("instrument")))
          .set("question_id", survey.getString(survey.fieldIndex("question_id")))
          .set("language", language)
          .set("prompt_language", templateLanguage)
          .set("population", population)
          .set("population_label", country)
          .set("options", options)
          .set("distribution", normalised)
          .set("prompt_neutral", neutral.toString())
          .set("prompt_persona", template[0].replace("{0}", country) + "\n\n" + neutral)
          .set("prompt_observer", template[1].replace("{0}", country) + "\n\n" + neutral)
          .build());
    }
    return out.iterator();
  }
}
