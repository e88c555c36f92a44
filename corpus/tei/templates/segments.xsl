<?xml version="1.0" encoding="UTF-8"?>
<!--
  Flattens TEI into reading text with mention boundaries marked, in one C-level pass
  (libxslt), because walking the tree element by element in Python was most of a build's time.
  corpus/tei/read.py decodes the output; docs/encoding.md says what a segment's text is.

  Markers are Unicode noncharacters, which are meant for exactly this internal use and which
  `corpus validate` refuses in source text:
    U+FDD0 id U+FDD1 kind U+FDD1 lang U+FDD2 starts a segment, and its text follows
    U+FDD3 tag U+FDD1 ref U+FDD1 cert U+FDD4 opens a mention (or a nonref seg); U+FDD5 closes it
  Applied to a TEI document, the output is the header's title, author, sha256 and seed idno,
  availability, and the source's publisher, date and address (U+FDD1 between them), then every outermost segment of the first text
  body; applied to any other element, it is that element's flattened content.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="http://www.tei-c.org/ns/1.0">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="t:TEI">
        <xsl:variable name="file" select="t:TEI/t:teiHeader/t:fileDesc"/>
        <xsl:value-of select="concat($file/t:titleStmt/t:title, '&#xFDD1;',
                                     ($file/t:titleStmt/t:author
                                      | $file/t:sourceDesc//t:bibl/t:author)[1], '&#xFDD1;',
                                     ($file/t:sourceDesc//t:idno[@type = 'sha256'])[1], '&#xFDD1;',
                                     ($file/t:sourceDesc//t:idno[@type = 'seed'])[1], '&#xFDD1;',
                                     $file/t:publicationStmt/t:availability, '&#xFDD1;',
                                     ($file/t:sourceDesc//t:bibl/t:publisher)[1], '&#xFDD1;',
                                     ($file/t:sourceDesc//t:bibl/t:date/@when
                                      | $file/t:sourceDesc//t:bibl/t:date[not(@when)])[1], '&#xFDD1;',
                                     ($file/t:sourceDesc//t:bibl/t:ptr/@target
                                      | $file/t:sourceDesc//t:bibl/t:ref/@target
                                      | $file/t:sourceDesc//t:idno[@type = 'URI' or @type = 'URL'])[1])"/>
        <xsl:apply-templates select="(//t:text/t:body)[1]/*" mode="find"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="*"><xsl:with-param name="top" select="true()"/></xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Finding segments: the outermost head, p, item, ab and bibl anywhere below the body. -->
  <xsl:template match="t:head|t:p|t:item|t:ab|t:bibl" mode="find">
    <xsl:value-of select="concat('&#xFDD0;', @xml:id, '&#xFDD1;', local-name(), '&#xFDD1;',
                                 ancestor-or-self::*[@xml:lang != ''][1]/@xml:lang, '&#xFDD2;')"/>
    <xsl:apply-templates select="."><xsl:with-param name="top" select="true()"/></xsl:apply-templates>
  </xsl:template>

  <xsl:template match="*" mode="find">
    <xsl:apply-templates select="*" mode="find"/>
  </xsl:template>

  <!-- Reading text: sic rather than corr, no editorial additions. -->
  <xsl:template match="t:note[@type = 'editorial']|t:corr|t:reg|t:expan|t:supplied"/>

  <!-- A name without @ref is one the register does not know: text, not a mention. Tested
       inside the template, not in the match pattern: a predicate there (persName[@ref]) made
       libxslt quadratic on a long paragraph (0.06 s became 6.9 s at 600 kB). -->
  <xsl:template match="t:persName|t:orgName|t:placeName|t:term|t:rs|t:seg">
    <xsl:choose>
      <xsl:when test="@ref and not(self::t:seg) or self::t:seg and @type = 'nonref'">
        <!-- piece by piece: some 10% faster than one concat() -->
        <xsl:text>&#xFDD3;</xsl:text><xsl:value-of select="local-name()"/>
        <xsl:text>&#xFDD1;</xsl:text><xsl:value-of select="@ref"/>
        <xsl:text>&#xFDD1;</xsl:text><xsl:value-of select="@cert"/>
        <xsl:text>&#xFDD4;</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>&#xFDD5;</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Block boundaries separate words even where the XML has no whitespace between them. -->
  <xsl:template match="t:head|t:p|t:item|t:ab|t:bibl|t:body|t:div|t:list|t:listBibl|t:figure|t:quote|t:lg|t:l">
    <xsl:param name="top" select="false()"/>
    <xsl:if test="not($top)"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="not($top)"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>
</xsl:stylesheet>
