using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartMiljo.OpenData.Storage.Catalogue.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DcatFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "ConformsTo",
                table: "datasets",
                type: "text[]",
                nullable: false,
                // Existing rows get an empty list.
                defaultValueSql: "\'{}\'");

            migrationBuilder.AddColumn<string>(
                name: "ContactLocality",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPostalCode",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactStreet",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "Documentation",
                table: "datasets",
                type: "text[]",
                nullable: false,
                // Existing rows get an empty list.
                defaultValueSql: "\'{}\'");

            migrationBuilder.AddColumn<string>(
                name: "Identifier",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "KeywordsEn",
                table: "datasets",
                type: "text[]",
                nullable: false,
                // Existing rows get an empty list.
                defaultValueSql: "\'{}\'");

            migrationBuilder.AddColumn<string>(
                name: "LandingPage",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MetadataModified",
                table: "datasets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalIri",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalPublisherIri",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalPublisherName",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SeriesIri",
                table: "datasets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "Spatial",
                table: "datasets",
                type: "text[]",
                nullable: false,
                // Existing rows get an empty list.
                defaultValueSql: "\'{}\'");

            migrationBuilder.AddColumn<DateOnly>(
                name: "TemporalEnd",
                table: "datasets",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "TemporalStart",
                table: "datasets",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdateFrequency",
                table: "datasets",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConformsTo",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "ContactLocality",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "ContactPostalCode",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "ContactStreet",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "Documentation",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "Identifier",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "KeywordsEn",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "LandingPage",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "MetadataModified",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "OriginalIri",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "OriginalPublisherIri",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "OriginalPublisherName",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "SeriesIri",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "Spatial",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "TemporalEnd",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "TemporalStart",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "UpdateFrequency",
                table: "datasets");
        }
    }
}
